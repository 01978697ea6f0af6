// Types of the part of jsdiff (`diff` 5.x, which ships none) that render-diff.ts uses.
declare module 'diff' {
  export interface Hunk {
    oldStart: number;
    oldLines: number;
    newStart: number;
    newLines: number;
    lines: string[];
  }
  export interface ParsedDiff {
    hunks: Hunk[];
  }
  export function structuredPatch(
    oldFileName: string,
    newFileName: string,
    oldStr: string,
    newStr: string,
    oldHeader?: string,
    newHeader?: string,
    options?: { context?: number },
  ): ParsedDiff;
}
