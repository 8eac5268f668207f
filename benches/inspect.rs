//! Time of the inspect images per page: hayro rendering, the overlay
//! drawing and the PNG encoding, in process (no file output). Run by
//! bench/inspect.sh on one core beside `pdftoppm -r 100`:
//! `cargo bench --bench inspect -- FILE.pdf...`

use jixiao::inspect::{overlay, render};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench inspect -- FILE.pdf...");
        std::process::exit(2);
    }
    let (mut pages, mut t_render, mut t_draw, mut t_png) =
        (0u32, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for f in &files {
        let bytes = std::fs::read(f).expect("readable input");
        // The pipeline's own time is not counted: only the images.
        let ins = jixiao::inspect::read(&bytes, f, &jixiao::Limits::default()).expect("readable");
        let marks: overlay::MarkIndex = ins
            .marks
            .iter()
            .map(|m| ((m.table, m.row, m.col), m.role))
            .collect();
        let mut targets = vec![false; ins.grids.len()];
        for m in &ins.marks {
            targets[m.table] = true;
        }
        let pdf = render::open(&bytes).expect("renderable");
        let mut mark = Instant::now();
        render::for_each_page(&pdf, |p| -> Result<(), ()> {
            t_render += mark.elapsed();
            let t = Instant::now();
            let mut canvas = p.image.expect("page renders");
            overlay::draw_page(&mut canvas, &p.geom, p.number, &ins.grids, &marks, &targets);
            t_draw += t.elapsed();
            let t = Instant::now();
            let png = canvas.to_png().expect("PNG");
            std::hint::black_box(png);
            t_png += t.elapsed();
            pages += 1;
            mark = Instant::now();
            Ok(())
        })
        .unwrap();
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3 / pages.max(1) as f64;
    println!(
        "jixiao inspect images: {pages} pages  render {:.1} ms/page  overlay {:.2} ms/page  png {:.1} ms/page  render+overlay {:.1} ms/page  all {:.1} ms/page",
        ms(t_render),
        ms(t_draw),
        ms(t_png),
        ms(t_render + t_draw),
        ms(t_render + t_draw + t_png)
    );
}
