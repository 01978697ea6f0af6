"""lakeops SQL job runner: runs one lakeops `sql:` job as an AWS Glue Spark job.

lakeops deploys every SQL job as a Glue job whose script is this file. The job's SQL files and its
input/output declarations (pipelines/<name>/pipeline.yaml) reach it as job arguments.

ARGUMENT CONTRACT (Glue job arguments; lakeops deploy sets the lakeops_* ones as DefaultArguments)
-------------------------------------------------------------------------------------------
  --JOB_NAME             set by Glue.
  --lakeops_inputs       JSON array, one object per input, registered as a temporary view:
                           {"name": "raw_data",                  view name the SQL reads
                            "table": "db.table",                 a Glue catalog table (physical
                                                                 names), or
                            "path": "s3://bucket/prefix/",       files under an S3 prefix
                            "format": "parquet|json|csv",        (path only; default parquet;
                                                                 json = JSON lines, csv has a header)
                            "partitioned": true}                 (path only) read key=value folders
                                                                 as partition columns; otherwise
                                                                 files in sub-folders are read
                                                                 without partition columns
                         Default: [] (the SQL reads catalog tables by name).
  --lakeops_outputs      JSON array (at least one), each written from one SELECT:
                           {"sql": "s3://artifacts/.../query.sql",  the Spark SQL SELECT to run
                            "path": "s3://bucket/prefix/",          where to write
                            "format": "parquet|json",
                            "partitionBy": ["year", "month"],       optional; columns of the SELECT
                            "mode": "overwrite-partitions|overwrite|append"}
                         overwrite-partitions (the default) replaces only the partitions the
                         SELECT produces (spark.sql.sources.partitionOverwriteMode=dynamic);
                         overwrite replaces everything under path; append adds files.
  --lakeops_parameters   JSON object of the job's declared named parameters, optional:
                           {"target_hour": {"type": "string|integer|timestamp", "default": ""}}
  --<parameter name>     the value of each declared parameter for this run, e.g.
                         --target_hour 2024-05-01T10:00:00Z (StartJobRun Arguments override the
                         defaults). A parameter without a value or default fails the run.
  --enable-glue-datacatalog   must be set (lakeops deploy sets it) for "table" inputs.
  --job-bookmark-option  job-bookmark-enable|pause|disable (Glue's own argument; lakeops deploy sets
                         it from glue.bookmarks). With enable or pause, "path" inputs are read as
                         DynamicFrames with transformation_ctx = the input name, so Glue's bookmark
                         hands each run only the objects new since the last committed run
                         (job.commit() at the end advances it; a failed run does not).
  --conf                 Spark settings (glue.sparkConf). A spark.sql.session.timeZone given there
                         is kept; otherwise the session time zone is UTC.

Parameters are bound as Spark SQL named parameter markers (:target_hour) through
spark.sql(sql, args=...), never by string formatting; that needs Spark 3.4+ (Glue 5.0). Only the
parameters a statement mentions are passed to it. Types: string -> str, integer -> int,
timestamp -> datetime (UTC; '' -> NULL). The session time zone is UTC.

The run fails (so Step Functions' .sync integration and Glue workflows see FAILED) with a message
naming the input, output or parameter at fault. glue-scripts/README.md documents the same contract.
"""

import json
import re
import sys
from datetime import datetime, timezone

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark import StorageLevel
from pyspark.context import SparkContext

INPUT_FORMATS = ("parquet", "json", "csv")
OUTPUT_FORMATS = ("parquet", "json")
WRITE_MODES = ("overwrite-partitions", "overwrite", "append")
PARAMETER_TYPES = ("string", "integer", "timestamp")


class RunnerError(Exception):
    """A problem with the job's declarations or arguments; the message says what to fix."""


def optional_argument(argv, name):
    """The value of --name in argv (either "--name value" or "--name=value"), or None."""
    flag = "--" + name
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg[len(flag) + 1:]
    return None


def parse_json_argument(argv, name, default):
    raw = optional_argument(argv, name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return json.loads(raw)
    except ValueError as e:
        raise RunnerError(f"--{name} is not valid JSON ({e}); lakeops deploy writes it from pipeline.yaml") from e


def split_s3_uri(uri):
    m = re.match(r"^s3://([^/]+)/(.+)$", uri or "")
    if not m:
        raise RunnerError(f"not an S3 object URI: {uri!r} (expected s3://bucket/key)")
    return m.group(1), m.group(2)


def read_sql(uri):
    """Reads a SQL file from S3 and drops a trailing semicolon (spark.sql takes one statement)."""
    import boto3  # present on every Glue version; imported late so py_compile needs no AWS SDK

    bucket, key = split_s3_uri(uri)
    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
    return body.strip().rstrip(";").strip()


def uses_parameter(sql, name):
    # :name as a marker, not part of a '::' cast or a longer identifier.
    return re.search(r"(?<![:\w]):" + re.escape(name) + r"\b", sql) is not None


def convert_parameter(name, declared, value):
    kind = (declared or {}).get("type", "string")
    if kind not in PARAMETER_TYPES:
        raise RunnerError(f"parameter {name}: unknown type {kind!r} (use one of {', '.join(PARAMETER_TYPES)})")
    if kind == "integer":
        try:
            return int(value)
        except ValueError as e:
            raise RunnerError(f"parameter {name}: {value!r} is not an integer") from e
    if kind == "timestamp":
        if value.strip() == "":
            return None
        try:
            ts = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as e:
            raise RunnerError(f"parameter {name}: {value!r} is not an ISO 8601 timestamp") from e
        return ts.astimezone(timezone.utc).replace(tzinfo=None) if ts.tzinfo else ts
    return value


def resolve_parameters(argv, declared):
    values = {}
    for name, spec in (declared or {}).items():
        value = optional_argument(argv, name)
        if value is None:
            value = (spec or {}).get("default")
        if value is None:
            raise RunnerError(f"parameter {name} has no value: start the job run with --{name} <value> "
                              f"or give it a default under parameters: in pipeline.yaml")
        values[name] = convert_parameter(name, spec, value)
    return values


BOOKMARKED = ("job-bookmark-enable", "job-bookmark-pause")
DYNAMIC_FORMAT_OPTIONS = {"csv": {"withHeader": True}, "json": {}, "parquet": {}}


def read_bookmarked(glue_context, name, fmt, path):
    """A path input through Glue's bookmark: only objects new since the last committed run.

    Job bookmarks track S3 sources read with create_dynamic_frame and a transformation_ctx
    (https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html); a plain
    spark.read is not bookmarked. The input name is the transformation context, as on the local
    target, so renaming an input starts its bookmark afresh.
    """
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [path], "recurse": True},
        format=fmt,
        format_options=DYNAMIC_FORMAT_OPTIONS[fmt],
        transformation_ctx=name,
    )
    return frame.toDF()


def register_input(spark, spec, glue_context=None, bookmark=None):
    name = spec.get("name")
    if not name or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
        raise RunnerError(f"input {spec!r}: 'name' must be a SQL identifier")
    if spec.get("table"):
        database, _, table = spec["table"].rpartition(".")
        if not database:
            raise RunnerError(f"input {name}: table {spec['table']!r} must be database.table")
        df = spark.table(f"`{database}`.`{table}`")
    elif spec.get("path") and bookmark in BOOKMARKED and glue_context is not None:
        fmt = spec.get("format", "parquet")
        if fmt not in INPUT_FORMATS:
            raise RunnerError(f"input {name}: format {fmt!r} is not one of {', '.join(INPUT_FORMATS)}")
        if spec.get("partitioned"):
            raise RunnerError(f"input {name}: a bookmarked S3 read adds no key=value partition columns; "
                              f"set partitioned: false or read the data as a catalog table")
        try:
            df = read_bookmarked(glue_context, name, fmt, spec["path"])
        except Exception as e:
            raise RunnerError(f"input {name}: cannot read {fmt} files under {spec['path']}: {e}") from e
    elif spec.get("path"):
        fmt = spec.get("format", "parquet")
        if fmt not in INPUT_FORMATS:
            raise RunnerError(f"input {name}: format {fmt!r} is not one of {', '.join(INPUT_FORMATS)}")
        reader = spark.read
        if spec.get("partitioned"):
            reader = reader.option("basePath", spec["path"])
        else:
            reader = reader.option("recursiveFileLookup", "true")
        if fmt == "csv":
            reader = reader.option("header", "true").option("inferSchema", "true")
        try:
            df = reader.format(fmt).load(spec["path"])
        except Exception as e:  # AnalysisException: no files, unreadable schema
            raise RunnerError(f"input {name}: cannot read {fmt} files under {spec['path']}: {e}") from e
    else:
        raise RunnerError(f"input {name}: give either 'table' or 'path'")
    df.createOrReplaceTempView(name)
    print(f"lakeops: input {name} registered from {spec.get('table') or spec.get('path')}")


def write_output(spark, spec, parameters):
    for key in ("sql", "path", "format"):
        if not spec.get(key):
            raise RunnerError(f"output {spec!r}: '{key}' is required")
    fmt, mode = spec["format"], spec.get("mode", "overwrite-partitions")
    if fmt not in OUTPUT_FORMATS:
        raise RunnerError(f"output {spec['path']}: format {fmt!r} is not one of {', '.join(OUTPUT_FORMATS)}")
    if mode not in WRITE_MODES:
        raise RunnerError(f"output {spec['path']}: mode {mode!r} is not one of {', '.join(WRITE_MODES)}")

    sql = read_sql(spec["sql"])
    args = {n: v for n, v in parameters.items() if uses_parameter(sql, n)}
    if args:
        try:
            df = spark.sql(sql, args=args)
        except TypeError as e:  # Spark < 3.4 has no args
            raise RunnerError("named parameters need Spark 3.4+: set glue.glueVersion: '5.0' for this job") from e
    else:
        df = spark.sql(sql)

    partition_by = spec.get("partitionBy") or []
    missing = [c for c in partition_by if c not in df.columns]
    if missing:
        raise RunnerError(f"output {spec['path']}: partitionBy column(s) {', '.join(missing)} are not in the "
                          f"SELECT of {spec['sql']} (it returns {', '.join(df.columns)})")

    # Counted once for the log; persisted so the write does not recompute the query.
    df = df.persist(StorageLevel.MEMORY_AND_DISK)
    rows = df.count()
    writer = df.write.mode("append" if mode == "append" else "overwrite")
    # The session default is dynamic (only the partitions present in df are replaced); a full
    # "overwrite" switches this write back to static, which clears the whole path first. The
    # partitionOverwriteMode write option takes precedence over the session setting (Spark SQL
    # configuration docs, spark.sql.sources.partitionOverwriteMode).
    writer = writer.option("partitionOverwriteMode", "static" if mode == "overwrite" else "dynamic")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    if fmt == "parquet":
        writer.option("compression", "snappy").parquet(spec["path"])
    else:
        writer.json(spec["path"])
    df.unpersist()
    print(f"lakeops: wrote {rows} rows to {spec['path']} ({fmt}, {mode}"
          f"{', partitioned by ' + ', '.join(partition_by) if partition_by else ''})")
    return rows


def main(argv):
    args = getResolvedOptions(argv, ["JOB_NAME"])
    inputs = parse_json_argument(argv, "lakeops_inputs", [])
    outputs = parse_json_argument(argv, "lakeops_outputs", [])
    declared = parse_json_argument(argv, "lakeops_parameters", {})
    if not isinstance(inputs, list) or not isinstance(outputs, list) or not isinstance(declared, dict):
        raise RunnerError("--lakeops_inputs and --lakeops_outputs must be JSON arrays, --lakeops_parameters an object")
    if not outputs:
        raise RunnerError("--lakeops_outputs is empty: the job has nothing to write")
    parameters = resolve_parameters(argv, declared)

    sc = SparkContext.getOrCreate()
    glue_context = GlueContext(sc)
    spark = glue_context.spark_session
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    # A time zone set through --conf (glue.sparkConf) is the job's choice; otherwise UTC.
    if not any("spark.sql.session.timeZone=" in a for a in argv):
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    bookmark = optional_argument(argv, "job-bookmark-option") or "job-bookmark-disable"
    job = Job(glue_context)
    # job.init starts the bookmark service; job.commit() below is what advances the bookmark.
    job.init(args["JOB_NAME"], args)

    for spec in inputs:
        register_input(spark, spec, glue_context, bookmark)
    total = sum(write_output(spark, spec, parameters) for spec in outputs)
    print(f"lakeops: {args['JOB_NAME']} finished: {total} rows in {len(outputs)} output(s)")
    job.commit()


if __name__ == "__main__":
    # An uncaught RunnerError fails the Glue job run; its message becomes the run's ErrorMessage.
    main(sys.argv)
