// ANCHOR: all
use std::io::Write;

// ANCHOR: greet
fn greet(out: &mut impl Write) {
    writeln!(out, "whole file line").unwrap();
}
// ANCHOR_END: greet

fn main() {
    greet(&mut std::io::stdout());
}
// ANCHOR_END: all
