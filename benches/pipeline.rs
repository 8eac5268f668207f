//! In-process throughput of each stage on the sample (no file I/O), to see
//! where the text path spends its time. `cargo bench --bench pipeline`.
//! Whole-process figures (files in, files out) come from bench/text.sh.

use std::time::{Duration, Instant};

// The binary runs on mimalloc; measure with it too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn measure(name: &str, bytes: usize, mut f: impl FnMut()) {
    // BENCH_ONLY=normalize runs just the stages whose name contains it.
    if std::env::var("BENCH_ONLY").is_ok_and(|only| !name.contains(&only)) {
        return;
    }
    // Warm up, then run for about a second.
    f();
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_secs(1) {
        f();
        n += 1;
    }
    let per = start.elapsed() / n;
    let mbs = bytes as f64 / per.as_secs_f64() / 1e6;
    println!(
        "{name:<28} {:>9.3} ms/doc {mbs:>8.1} MB/s",
        per.as_secs_f64() * 1e3
    );
}

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/ningxia-yingji-2025.txt"
    );
    let bytes = std::fs::read(path).expect("sample");
    let n = bytes.len();
    let doc = jixiao::extract::extract(&bytes, &Default::default(), &Default::default()).unwrap();
    let blocks = jixiao::table::blocks(&doc);
    let parsed = jixiao::layout::read(&blocks);
    let projects = jixiao::merge::projects(parsed.parts.clone());
    let records = jixiao::output::record::target_records(&parsed.context, projects, "s");
    measure("extract (decode)", n, || {
        std::hint::black_box(
            jixiao::extract::extract(&bytes, &Default::default(), &Default::default()).unwrap(),
        );
    });
    measure("table (grids)", n, || {
        std::hint::black_box(jixiao::table::blocks(&doc));
    });
    measure("normalize (parts)", n, || {
        std::hint::black_box(jixiao::layout::read(&blocks));
    });
    measure("merge + checks", n, || {
        std::hint::black_box(jixiao::merge::projects(parsed.parts.clone()));
    });
    measure("records (output shape)", n, || {
        let projects = jixiao::merge::projects(parsed.parts.clone());
        std::hint::black_box(jixiao::output::record::target_records(
            &parsed.context,
            projects,
            "s",
        ));
    });
    measure("serialize (jsonl)", n, || {
        let mut out = Vec::new();
        for r in &records {
            serde_json::to_writer(&mut out, r).unwrap();
        }
        std::hint::black_box(out);
    });
    measure("convert_bytes (all but I/O)", n, || {
        std::hint::black_box(jixiao::convert_bytes(&bytes, "s").unwrap());
    });
}
