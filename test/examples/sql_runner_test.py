"""Unit tests of glue-scripts/lakeops_sql_runner.py without Glue or Spark.

awsglue, pyspark and boto3 are replaced by recording fakes, so the runner's own logic (argument
contract, parameter binding, input registration, write modes) is exercised as Glue would call it.
Run by test/examples/sql-runner.test.ts (python3 -m unittest).
"""

import importlib.util
import json
import os
import sys
import types
import unittest
from datetime import datetime

RUNNER = os.path.join(os.path.dirname(__file__), "..", "..", "glue-scripts", "lakeops_sql_runner.py")


class FakeWriter:
    def __init__(self, log):
        self.log = log
        self.calls = []

    def _record(self, *call):
        self.calls.append(call)
        return self

    def mode(self, m):
        return self._record("mode", m)

    def option(self, k, v):
        return self._record("option", k, v)

    def partitionBy(self, *cols):
        return self._record("partitionBy", *cols)

    def parquet(self, path):
        self._record("parquet", path)
        self.log.append(("write", self.calls))

    def json(self, path):
        self._record("json", path)
        self.log.append(("write", self.calls))


class FakeDataFrame:
    def __init__(self, log, columns, rows=3):
        self.log = log
        self.columns = columns
        self.rows = rows
        self.write = FakeWriter(log)

    def persist(self, _level):
        return self

    def unpersist(self):
        return self

    def count(self):
        return self.rows

    def createOrReplaceTempView(self, name):
        self.log.append(("view", name, self.source))


class FakeReader:
    def __init__(self, spark):
        self.spark = spark
        self.options = {}

    def option(self, k, v):
        self.options[k] = v
        return self

    def format(self, fmt):
        self.options["format"] = fmt
        return self

    def load(self, path):
        if path in self.spark.missing_paths:
            raise Exception("Path does not exist: " + path)
        df = FakeDataFrame(self.spark.log, ["a"])
        df.source = ("path", path, dict(self.options))
        return df


class FakeConf:
    def __init__(self, log):
        self.log = log

    def set(self, k, v):
        self.log.append(("conf", k, v))


class FakeSpark:
    def __init__(self, log, sql_columns, missing_paths=()):
        self.log = log
        self.sql_columns = sql_columns
        self.missing_paths = set(missing_paths)
        self.conf = FakeConf(log)

    @property
    def read(self):
        return FakeReader(self)

    def table(self, name):
        df = FakeDataFrame(self.log, ["a"])
        df.source = ("table", name)
        return df

    def sql(self, sql, args=None):
        self.log.append(("sql", sql, args))
        return FakeDataFrame(self.log, self.sql_columns)


def load_runner(spark, sql_by_key):
    """Imports the runner with fake awsglue / pyspark / boto3 modules."""
    log = spark.log

    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    class DynamicFrameReader:
        def from_options(self, **kw):
            log.append(("dynamic_frame", kw))
            df = FakeDataFrame(log, ["a"])
            df.source = ("bookmarked", kw["transformation_ctx"], kw["connection_options"]["paths"][0])
            return types.SimpleNamespace(toDF=lambda: df)

    class GlueContext:
        def __init__(self, _sc):
            self.spark_session = spark
            self.create_dynamic_frame = DynamicFrameReader()

    class Job:
        def __init__(self, _ctx):
            pass

        def init(self, name, _args):
            log.append(("job.init", name))

        def commit(self):
            log.append(("job.commit",))

    def get_resolved_options(argv, names):
        out = {}
        for n in names:
            out[n] = argv[argv.index("--" + n) + 1]
        return out

    class S3:
        def get_object(self, Bucket, Key):
            body = types.SimpleNamespace(read=lambda: sql_by_key[f"{Bucket}/{Key}"].encode("utf-8"))
            return {"Body": body}

    module("awsglue")
    module("awsglue.context", GlueContext=GlueContext)
    module("awsglue.job", Job=Job)
    module("awsglue.utils", getResolvedOptions=get_resolved_options)
    module("pyspark", StorageLevel=types.SimpleNamespace(MEMORY_AND_DISK="MEMORY_AND_DISK"))
    module("pyspark.context", SparkContext=types.SimpleNamespace(getOrCreate=lambda: object()))
    module("boto3", client=lambda name: S3())
    spec = importlib.util.spec_from_file_location("lakeops_sql_runner", RUNNER)
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    return runner


HOURLY_SQL = "SELECT country_code, count(*) AS hits, year, month, day, hour FROM raw_data WHERE x = :target_hour;\n"
HOURLY_OUTPUTS = [
    {"sql": "s3://art/sql/a.sql", "path": "s3://data/agg/a/", "format": "parquet",
     "partitionBy": ["year", "month", "day", "hour"], "mode": "overwrite-partitions"},
    {"sql": "s3://art/sql/b.sql", "path": "s3://data/agg/b/", "format": "json", "mode": "overwrite"},
]


def argv(inputs, outputs, parameters=None, extra=()):
    a = ["script.py", "--JOB_NAME", "hits-aggregator",
         "--lakeops_inputs", json.dumps(inputs), "--lakeops_outputs", json.dumps(outputs)]
    if parameters is not None:
        a += ["--lakeops_parameters", json.dumps(parameters)]
    return a + list(extra)


class RunnerTest(unittest.TestCase):
    def setUp(self):
        self.log = []
        self.spark = FakeSpark(self.log, ["country_code", "hits", "year", "month", "day", "hour"])
        self.runner = load_runner(self.spark, {"art/sql/a.sql": HOURLY_SQL, "art/sql/b.sql": "SELECT 1 AS one, 2 AS year"})

    def entries(self, kind):
        return [e for e in self.log if e[0] == kind]

    def test_full_run_binds_parameters_registers_inputs_and_writes_each_output(self):
        inputs = [{"name": "raw_data", "path": "s3://data/raw/", "format": "json", "partitioned": True},
                  {"name": "customers", "table": "dev_workshop_raw.customers"}]
        params = {"target_hour": {"type": "timestamp", "default": ""}, "scheduled_time": {"type": "string", "default": ""}}
        self.runner.main(argv(inputs, HOURLY_OUTPUTS, params, ["--target_hour", "2024-05-01T10:00:00Z"]))

        self.assertIn(("conf", "spark.sql.sources.partitionOverwriteMode", "dynamic"), self.log)
        self.assertIn(("conf", "spark.sql.session.timeZone", "UTC"), self.log)
        views = self.entries("view")
        self.assertEqual(views[0][1], "raw_data")
        self.assertEqual(views[0][2], ("path", "s3://data/raw/", {"basePath": "s3://data/raw/", "format": "json"}))
        self.assertEqual(views[1][1:], ("customers", ("table", "`dev_workshop_raw`.`customers`")))

        sqls = self.entries("sql")
        # The trailing semicolon is dropped; only the parameter the statement mentions is passed.
        self.assertFalse(sqls[0][1].endswith(";"))
        self.assertEqual(sqls[0][2], {"target_hour": datetime(2024, 5, 1, 10, 0, 0)})
        self.assertIsNone(sqls[1][2])

        writes = self.entries("write")
        self.assertEqual(writes[0][1], [("mode", "overwrite"), ("option", "partitionOverwriteMode", "dynamic"),
                                        ("partitionBy", "year", "month", "day", "hour"),
                                        ("option", "compression", "snappy"), ("parquet", "s3://data/agg/a/")])
        self.assertEqual(writes[1][1], [("mode", "overwrite"), ("option", "partitionOverwriteMode", "static"),
                                        ("json", "s3://data/agg/b/")])
        self.assertEqual(self.log[-1], ("job.commit",))

    def test_bookmarked_path_inputs_are_read_with_their_transformation_ctx(self):
        inputs = [{"name": "landed", "path": "s3://data/landing/", "format": "csv"},
                  {"name": "customers", "table": "db.customers"}]
        self.runner.main(argv(inputs, HOURLY_OUTPUTS[1:], None, ["--job-bookmark-option", "job-bookmark-enable"]))
        frames = self.entries("dynamic_frame")
        self.assertEqual(len(frames), 1)
        self.assertEqual(frames[0][1], {"connection_type": "s3",
                                        "connection_options": {"paths": ["s3://data/landing/"], "recurse": True},
                                        "format": "csv", "format_options": {"withHeader": True},
                                        "transformation_ctx": "landed"})
        self.assertEqual(self.entries("view")[0][2], ("bookmarked", "landed", "s3://data/landing/"))
        # job.init before the reads, job.commit (which advances the bookmark) last.
        self.assertLess(self.log.index(("job.init", "hits-aggregator")), self.log.index(frames[0]))
        self.assertEqual(self.log[-1], ("job.commit",))

    def test_without_bookmarks_path_inputs_are_plain_spark_reads(self):
        inputs = [{"name": "landed", "path": "s3://data/landing/", "format": "csv"}]
        self.runner.main(argv(inputs, HOURLY_OUTPUTS[1:], None, ["--job-bookmark-option", "job-bookmark-disable"]))
        self.assertEqual(self.entries("dynamic_frame"), [])
        self.assertEqual(self.entries("view")[0][2][0], "path")

    def test_a_bookmarked_partitioned_input_fails_naming_it(self):
        inputs = [{"name": "raw", "path": "s3://data/raw/", "format": "json", "partitioned": True}]
        with self.assertRaisesRegex(self.runner.RunnerError, "input raw: a bookmarked S3 read adds no key=value"):
            self.runner.main(argv(inputs, HOURLY_OUTPUTS[1:], None, ["--job-bookmark-option", "job-bookmark-pause"]))

    def test_a_time_zone_from_conf_is_kept(self):
        self.runner.main(argv([], HOURLY_OUTPUTS[1:], None, ["--conf", "spark.sql.session.timeZone=Europe/Berlin"]))
        self.assertNotIn(("conf", "spark.sql.session.timeZone", "UTC"), self.log)

    def test_defaults_apply_when_the_run_gives_no_value(self):
        params = {"target_hour": {"type": "string", "default": "2024-01-01T00:00:00Z"}}
        self.runner.main(argv([], HOURLY_OUTPUTS[:1], params))
        self.assertEqual(self.entries("sql")[0][2], {"target_hour": "2024-01-01T00:00:00Z"})

    def test_equals_form_and_integer_parameters(self):
        self.assertEqual(self.runner.optional_argument(["--n=5"], "n"), "5")
        self.assertEqual(self.runner.resolve_parameters(["--n", "7"], {"n": {"type": "integer"}}), {"n": 7})
        self.assertIsNone(self.runner.optional_argument(["--name", "x"], "n"))

    def test_named_marker_detection_ignores_casts_and_longer_names(self):
        self.assertTrue(self.runner.uses_parameter("WHERE h = :target_hour", "target_hour"))
        self.assertFalse(self.runner.uses_parameter("SELECT x::target_hour", "target_hour"))
        self.assertFalse(self.runner.uses_parameter("WHERE h = :target_hour_utc", "target_hour"))

    def test_a_parameter_without_value_or_default_fails_naming_it(self):
        with self.assertRaisesRegex(self.runner.RunnerError, "parameter target_hour has no value"):
            self.runner.main(argv([], HOURLY_OUTPUTS[:1], {"target_hour": {"type": "string"}}))

    def test_bad_values_fail_with_the_parameter_named(self):
        with self.assertRaisesRegex(self.runner.RunnerError, "target_hour: 'noon' is not an ISO 8601"):
            self.runner.resolve_parameters(["--target_hour", "noon"], {"target_hour": {"type": "timestamp"}})
        with self.assertRaisesRegex(self.runner.RunnerError, "n: 'x' is not an integer"):
            self.runner.resolve_parameters(["--n", "x"], {"n": {"type": "integer"}})

    def test_partition_columns_must_be_in_the_select(self):
        self.spark.sql_columns = ["country_code", "hits"]
        with self.assertRaisesRegex(self.runner.RunnerError, "partitionBy column\\(s\\) year, month, day, hour are not in"):
            self.runner.main(argv([], HOURLY_OUTPUTS[:1], {"target_hour": {"default": ""}}))
        self.assertEqual(self.entries("write"), [])

    def test_declaration_errors(self):
        with self.assertRaisesRegex(self.runner.RunnerError, "--lakeops_outputs is empty"):
            self.runner.main(argv([], []))
        with self.assertRaisesRegex(self.runner.RunnerError, "not valid JSON"):
            self.runner.main(["s", "--JOB_NAME", "j", "--lakeops_outputs", "[{"])
        with self.assertRaisesRegex(self.runner.RunnerError, "format 'orc'"):
            self.runner.main(argv([], [dict(HOURLY_OUTPUTS[1], format="orc")]))
        with self.assertRaisesRegex(self.runner.RunnerError, "input raw: give either 'table' or 'path'"):
            self.runner.main(argv([{"name": "raw"}], HOURLY_OUTPUTS[1:]))

    def test_an_unreadable_input_path_names_the_input(self):
        self.spark.missing_paths.add("s3://data/none/")
        with self.assertRaisesRegex(self.runner.RunnerError, "input raw: cannot read csv files under s3://data/none/"):
            self.runner.main(argv([{"name": "raw", "path": "s3://data/none/", "format": "csv"}], HOURLY_OUTPUTS[1:]))


if __name__ == "__main__":
    unittest.main()
