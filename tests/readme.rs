//! The README's tables of warning and note codes are the diagnostics enum:
//! every code documented, nothing documented that the code lacks.

use jixiao::diag::Code;

fn documented_codes() -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("### Warning codes")
        .expect("a warning codes section");
    let section = &readme[start..];
    let end = section.find("\n## ").unwrap_or(section.len());
    section[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn readme_codes_are_the_enum() {
    let documented = documented_codes();
    let ours: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(documented, ours);
    // Notes come after the warnings, in both.
    for c in Code::ALL {
        let in_notes_table = documented.iter().position(|d| d == c.as_str()).unwrap()
            >= documented
                .iter()
                .position(|d| d == "undecodable_bytes")
                .unwrap();
        assert_eq!(c.is_note(), in_notes_table, "{c}");
    }
}

#[test]
fn readme_lists_every_layout() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for l in jixiao::domain::layouts::LAYOUTS {
        assert!(
            readme.contains(&format!("| `{}` |", l.id)),
            "{} not in README",
            l.id
        );
    }
}
