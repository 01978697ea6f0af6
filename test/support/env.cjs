// Tests assert on plain text: no colour, whatever the CI environment says (picocolors turns colour
// on when CI is set). Child processes the tests spawn inherit this.
process.env.NO_COLOR = '1';
delete process.env.FORCE_COLOR;
