//! Real published performance-target pages (../shared/pages, read in place
//! through $JIXIAO_PAGES; never copied into the repository), scored against
//! records written by hand from each page (tests/fixtures/real_pages/
//! expected.json). Goal: every expected record found, and header fields,
//! indicator rows and value parses each at least 95 % exact. Pages with no
//! readable table must give no record, and the note that says why.

mod common;

use common::score::{Score, score_file};
use serde_json::Value;
use std::path::PathBuf;

/// The goal on real published pages (issue 7).
const GOAL: f64 = 0.95;

fn pages_dir() -> Option<PathBuf> {
    common::shared_dir("JIXIAO_PAGES", "pages", "real pages")
}

fn expected() -> Value {
    common::read_json(&common::root().join("tests/fixtures/real_pages/expected.json"))
}

#[test]
fn real_pages_read_as_written_by_hand() {
    let Some(dir) = pages_dir() else { return };
    let spec = expected();
    let mut total = Score::default();
    let mut with_records = 0;
    for (file, page) in spec["pages"].as_object().unwrap() {
        let Some(want) = page["expected"].as_array() else {
            continue;
        };
        with_records += 1;
        let mut s = Score::default();
        score_file(&dir.join(file), want, &mut s);
        s.report_into(&format!("{file:<56}"), &mut total);
    }
    assert!(with_records >= 6, "the expected file lists the pages");
    total.assert_goal("real pages", GOAL);
}

/// A page with no readable table gives no record, and its report says why
/// (the one-line error names the note).
#[test]
fn pages_without_a_readable_table_say_why() {
    let Some(dir) = pages_dir() else { return };
    let spec = expected();
    for (file, page) in spec["pages"].as_object().unwrap() {
        if page.get("expected").is_some() {
            continue;
        }
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let err = match jixiao::convert_bytes(&bytes, file) {
            Ok(c) => panic!("{file}: {} record(s), expected none", c.records.len()),
            Err(e) => e.to_string(),
        };
        assert!(
            err.starts_with("no performance-target table found"),
            "{file}: {err}"
        );
        if let Some(code) = page["no_record"].as_str() {
            assert!(err.contains(code), "{file}: {err} does not name {code}");
        }
        assert!(!err.contains('\n'), "{file}: one line");
    }
}
