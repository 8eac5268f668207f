//! Every record the test fixtures give validates against the repo's JSON
//! Schema (schema/record.schema.json), and docs/RECORD.md is the contract's
//! copy.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every input file under the fixture folders (and the sample).
fn inputs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "py" | "sh" | "md" | "rs")
            ) || p.to_string_lossy().contains("/layouts/")
            {
                out.push(p);
            }
        }
    }
    let mut out = vec![root().join("samples/ningxia-yingji-2025.txt")];
    walk(&root().join("tests/fixtures"), &mut out);
    // The real published pages, read in place where they are present
    // (tests/real_pages.rs says when they are not).
    let pages = std::env::var_os("JIXIAO_PAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/pages"));
    if pages.is_dir() {
        walk(&pages, &mut out);
    }
    out.retain(|p| p.extension().and_then(|e| e.to_str()) != Some("json"));
    out
}

#[test]
fn every_record_of_the_fixtures_validates() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/record.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let mut records = 0;
    let mut files = 0;
    for file in inputs() {
        let bytes = std::fs::read(&file).unwrap();
        let Ok(c) = jixiao::convert_bytes(&bytes, &file.to_string_lossy()) else {
            continue;
        };
        files += 1;
        for r in &c.records {
            let v = serde_json::to_value(r).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&v)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
            records += 1;
        }
    }
    eprintln!("{records} records of {files} files validated");
    // The sample alone gives 25; the fixtures many more.
    assert!(records >= 60, "only {records} records validated");
}

/// The self-evaluation kind, not in the shared contract yet, is specified
/// beside it.
#[test]
fn the_self_evaluation_kind_is_specified() {
    let doc = std::fs::read_to_string(root().join("docs/SELF_EVALUATION.md")).unwrap();
    assert!(doc.contains("kind `self_evaluation`"));
}

#[test]
fn docs_record_md_is_the_contract() {
    let contract = root().join("../shared/spec/RECORD.md");
    let ours = std::fs::read_to_string(root().join("docs/RECORD.md")).unwrap();
    assert!(ours.contains("schema_version \"2\""));
    if let Ok(theirs) = std::fs::read_to_string(&contract) {
        assert_eq!(
            ours, theirs,
            "docs/RECORD.md differs from ../shared/spec/RECORD.md"
        );
    } else {
        eprintln!("skipped the comparison: {} is not here", contract.display());
    }
}
