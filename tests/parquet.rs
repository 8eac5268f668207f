//! `--format parquet`: projects.parquet, indicators.parquet and
//! warnings.parquet hold the CSV files' columns, rows and values, typed
//! (numbers float64, integers int64, document_published date32, text utf8).

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use common::{jixiao, temp_dir};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(p).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn read_parquet(p: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(p).unwrap();
    ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

/// The cell as the CSV file spells it.
fn csv_text(a: &dyn Array, i: usize) -> String {
    if a.is_null(i) {
        return String::new();
    }
    match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().value(i).to_string(),
        DataType::Boolean => a.as_boolean().value(i).to_string(),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::Float64 => {
            let f = a.as_primitive::<Float64Type>().value(i);
            serde_json::Number::from_f64(f).unwrap().to_string()
        }
        DataType::Date32 => {
            let d = a.as_primitive::<Date32Type>().value(i);
            // Days since 1970-01-01 back to YYYY-MM-DD (civil_from_days).
            let z = d as i64 + 719_468;
            let era = z.div_euclid(146_097);
            let doe = z - era * 146_097;
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let day = doy - (153 * mp + 2) / 5 + 1;
            let m = if mp < 10 { mp + 3 } else { mp - 9 };
            let y = yoe + era * 400 + i64::from(m <= 2);
            format!("{y:04}-{m:02}-{day:02}")
        }
        t => panic!("unexpected column type {t}"),
    }
}

/// An integer-valued float is written without `.0` in the CSV (it came
/// from the JSON's spelling); compare numbers as numbers.
fn same(csv: &str, parquet: &str) -> bool {
    csv == parquet
        || matches!((csv.parse::<f64>(), parquet.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
}

#[test]
fn parquet_files_hold_the_csv_rows_typed() {
    let dir = temp_dir("parquet");
    let out = dir.join("out");
    let o = jixiao(&[
        "convert",
        "samples",
        "tests/fixtures/layouts",
        "-o",
        out.to_str().unwrap(),
        "--format",
        "jsonl,csv,parquet",
        "-q",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{o:?}");
    let report = common::read_json(&out.join("report.json"));
    let outputs: Vec<&str> = report["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut total_rows = [0usize; 3];
    for (t, name) in ["projects", "indicators", "warnings"].iter().enumerate() {
        let pq = format!("{name}.parquet");
        assert!(outputs.contains(&pq.as_str()), "{outputs:?}");
        let (header, rows) = read_csv(&out.join(format!("{name}.csv")));
        let batches = read_parquet(&out.join(&pq));
        let schema = batches[0].schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, header, "{name}: the CSV file's columns, in order");
        let n: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(n, rows.len(), "{name}: one row per CSV row");
        total_rows[t] = n;
        let mut r = 0;
        for b in &batches {
            for i in 0..b.num_rows() {
                for (c, col) in b.columns().iter().enumerate() {
                    let got = csv_text(col.as_ref(), i);
                    let want = &rows[r][c];
                    assert!(
                        same(want, &got),
                        "{name} row {r} column {}: csv {want:?}, parquet {got:?}",
                        header[c]
                    );
                }
                r += 1;
            }
        }
        let ty = |col: &str| schema.field_with_name(col).unwrap().data_type().clone();
        assert_eq!(ty("record_id"), DataType::Utf8);
        match t {
            0 => {
                assert_eq!(ty("funds_annual_total"), DataType::Float64);
                assert_eq!(ty("funds_own_level_total"), DataType::Float64);
                assert_eq!(ty("year"), DataType::Int64);
                assert_eq!(ty("parts"), DataType::Int64);
                assert_eq!(ty("document_published"), DataType::Date32);
                assert_eq!(ty("duties"), DataType::Utf8);
            }
            1 => {
                assert_eq!(ty("value_number"), DataType::Float64);
                assert_eq!(ty("value_yuan"), DataType::Float64);
                assert_eq!(ty("weight"), DataType::Float64);
                assert_eq!(ty("core"), DataType::Boolean);
                assert_eq!(ty("source_row"), DataType::Int64);
                assert_eq!(ty("value_date"), DataType::Utf8);
            }
            _ => assert_eq!(ty("code"), DataType::Utf8),
        }
    }
    assert!(total_rows[0] > 5 && total_rows[1] > 50, "{total_rows:?}");
    // Written atomically: no temporary file left beside them.
    for e in std::fs::read_dir(&out).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!n.starts_with(".jixiao-tmp-"), "left behind: {n}");
    }
    // A published date reads back as a date.
    let p = read_parquet(&out.join("projects.parquet"));
    let published = p[0].column_by_name("document_published").unwrap();
    assert!(
        (0..published.len()).any(|i| !published.is_null(i)),
        "some document has a published date"
    );
}
