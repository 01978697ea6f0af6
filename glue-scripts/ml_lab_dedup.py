"""ml-lab-notebook-job: deduplicate the Data Analytics team's top-customers file (seed 001).

Arguments (Glue job arguments, "--name value"):
  --JOB_NAME       set by Glue.
  --source_path    S3 prefix holding the uploaded CSV file(s) (with a header row).
  --output_path    S3 prefix the deduplicated customers are written to, as Parquet (replaced).
  --transform_id   id of a trained FindMatches ML transform, or "none".

With a transform id, the FindMatches transform labels records of the same customer with a shared
match_id (as in the workshop's notebook). Without one, records are matched by a rule: the same
email address after trimming and lower-casing, or for records without an email, the same full
name. Either way one record per match_id is kept: the one with the lowest customer id.
sql/jobs/customer_dedup_local.sql is the local stand-in applying the same rule on DuckDB.
"""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

NO_TRANSFORM = ("", "none")


def read_customers(spark, source_path: str) -> DataFrame:
    return (
        spark.read.option("header", "true")
        .option("inferSchema", "false")
        .option("mode", "PERMISSIVE")
        .csv(source_path)
    )


def match_with_findmatches(glue_context: GlueContext, customers: DataFrame, transform_id: str) -> DataFrame:
    # Imported here: awsglueml exists only on Glue, and only this branch needs it.
    from awsglue.dynamicframe import DynamicFrame
    from awsglueml.transforms import FindMatches

    frame = DynamicFrame.fromDF(customers, glue_context, "customers")
    matched = FindMatches.apply(frame=frame, transformId=transform_id, transformation_ctx="findmatches")
    return matched.toDF()


def blank_to_null(column):
    # pyspark.sql.functions.nullif needs Spark 3.5; Glue 4.0 runs Spark 3.3.
    return F.when(column == "", F.lit(None)).otherwise(column)


def match_by_rule(customers: DataFrame) -> DataFrame:
    email_key = blank_to_null(F.lower(F.trim(F.col("c_email_address"))))
    name_key = F.concat(F.lit("name:"), F.lower(F.trim(F.col("c_full_name"))))
    keyed = customers.withColumn("match_key", F.coalesce(email_key, name_key))
    by_key = Window.partitionBy("match_key")
    return keyed.withColumn("match_id", F.min("c_customer_id").over(by_key)).drop("match_key")


def keep_one_per_match(matched: DataFrame) -> DataFrame:
    first = Window.partitionBy("match_id").orderBy(F.col("c_customer_id").asc())
    return (
        matched.withColumn("rank_in_match", F.row_number().over(first))
        .where(F.col("rank_in_match") == 1)
        .drop("rank_in_match")
        .withColumn("c_full_name", F.trim(F.col("c_full_name")))
        .withColumn("c_email_address", blank_to_null(F.lower(F.trim(F.col("c_email_address")))))
    )


def main() -> None:
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_path", "output_path", "transform_id"])
    sc = SparkContext.getOrCreate()
    glue_context = GlueContext(sc)
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    customers = read_customers(spark, args["source_path"])
    transform_id = args["transform_id"].strip()
    if transform_id.lower() in NO_TRANSFORM:
        matched = match_by_rule(customers)
    else:
        matched = match_with_findmatches(glue_context, customers, transform_id)

    deduplicated = keep_one_per_match(matched)
    deduplicated.write.mode("overwrite").parquet(args["output_path"])
    print(f"ml-lab-notebook-job: {customers.count()} records in, {deduplicated.count()} customers out")
    job.commit()


if __name__ == "__main__":
    main()
