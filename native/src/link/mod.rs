//! The in-memory linker: every native input is an ELF relocatable object
//! (kit's compiled C units now; `.o` files and `.a` members join the same
//! way later), and all of them load into one image.
//!
//! Layout: allocatable sections are grouped by permission (code, read-only
//! data, writable data) into one anonymous mapping, so every section is
//! within ±2 GiB of every other and PC-relative references between inputs
//! need no stubs. A small stub area in the code group holds the jumps to
//! far host functions (libc is wherever the dynamic loader put it) and the
//! variadic-call stubs (`__kit_vacall_N_name`: `mov eax, N` then jump to
//! `name`, because Cranelift cannot set AL itself). A GOT in the writable
//! group serves GOT-relative relocations. After relocation the groups get
//! their final protections (W^X). Undefined symbols resolve, in order,
//! against the image, then libraries from -lNAME, then the process
//! (dlsym RTLD_DEFAULT), then libm; whatever is left is reported, every
//! name with the input that referenced it, except weak references, which
//! are null as under GNU ld.
//!
//! As GNU ld does, sections whose names are C identifiers (placed with
//! `__attribute__((section("name")))`) are laid out together, and
//! `__start_name` and `__stop_name` resolve to the start and end of them
//! all, so a program can walk the table its inputs build there.

mod archive;
mod host;
mod reloc;

use std::collections::{HashMap, HashSet};
use std::fmt;

use host::PAGE;
use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget, SectionFlags, SymbolSection};

pub use archive::pull_members;
pub use host::{at_exit, Libraries};

/// One linked program in memory.
pub struct Image {
    base: *mut u8,
    size: usize,
    /// Global symbols defined by the inputs.
    symbols: HashMap<String, usize>,
    /// Every function symbol, sorted by address, for backtraces.
    functions: Vec<(usize, usize, String)>,
    /// `.init_array` entries of every input, in input order.
    constructors: Vec<usize>,
    /// `.fini_array` entries of every input, in input order.
    destructors: Vec<usize>,
    /// Where the sections named by each C identifier start and end.
    named_sections: HashMap<String, (usize, usize)>,
}

/// Why linking failed; every problem of the link, together.
#[derive(Debug)]
pub struct LinkError(pub Vec<String>);

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

/// An input object: its display name (for messages) and bytes.
pub struct ObjectInput {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Code,
    ReadOnly,
    Writable,
}

/// Where one input section landed.
struct Placed {
    input: usize,
    section: object::SectionIndex,
    group: Group,
    offset: usize,
}

/// Writable data of at least this size (large static arrays) starts on a
/// huge-page boundary and is backed by transparent huge pages where the
/// kernel allows: random access over it then misses the TLB far less
/// (bench/c/hashtable.c: 0.19 s to 0.15 s; gcc's binaries get 4 KiB
/// pages for their .bss unless THP is "always").
const HUGE_PAGE: usize = 2 << 20;
const STUB_SIZE: usize = 32;

impl Image {
    /// Links `inputs` into a fresh image.
    pub fn link(inputs: &[ObjectInput], libraries: &Libraries) -> Result<Image, LinkError> {
        let files = parse_all(inputs)?;
        let (placed, sizes, named) = place(&files);
        let stubs_needed = count_relocations(&files) + 16;
        let code_size = align(sizes[0], 16) + stubs_needed * STUB_SIZE;
        let got_size = stubs_needed * 8;
        let code = 0;
        let ro = align(code_size, PAGE);
        let huge_data = sizes[2] >= HUGE_PAGE;
        let alignment = if huge_data { HUGE_PAGE } else { PAGE };
        let rw = align(ro + align(sizes[1], PAGE), alignment);
        let total = rw + align(sizes[2] + got_size, PAGE);
        let base = host::map(total.max(PAGE), alignment).map_err(|e| {
            let size = humansize::format_size(total as u64, humansize::BINARY);
            LinkError(vec![format!(
                "cannot map {size} of memory for the image (its code and static data, \
                 zero-initialized arrays included): {e}"
            )])
        })?;
        if huge_data {
            host::advise_huge_pages(base.wrapping_add(rw), total - rw);
        }
        let mut image = Image {
            base,
            size: total.max(PAGE),
            symbols: HashMap::new(),
            functions: Vec::new(),
            constructors: Vec::new(),
            destructors: Vec::new(),
            named_sections: HashMap::new(),
        };
        let group_base = |g: Group| match g {
            Group::Code => code,
            Group::ReadOnly => ro,
            Group::Writable => rw,
        };
        image.named_sections = named
            .into_iter()
            .map(|(name, (group, start, end))| {
                let at = base as usize + group_base(group);
                (name, (at + start, at + end))
            })
            .collect();
        let mut section_addr: HashMap<(usize, object::SectionIndex), usize> = HashMap::new();
        for p in &placed {
            let addr = base as usize + group_base(p.group) + p.offset;
            section_addr.insert((p.input, p.section), addr);
            let section = files[p.input]
                .section_by_index(p.section)
                .expect("placed sections exist");
            if let Ok(data) = section.data() {
                // SAFETY: the destination lies inside the fresh mapping, sized by `place`.
                unsafe {
                    std::ptr::copy_nonoverlapping(data.as_ptr(), addr as *mut u8, data.len())
                };
            }
        }
        image.collect_symbols(&files, inputs, &section_addr)?;
        let mut linker = reloc::Relocator::new(
            base as usize + align(sizes[0], 16),
            base as usize + rw + sizes[2],
        );
        let mut errors = Vec::new();
        // Each undefined symbol is reported once (a set: a unit may name
        // a hundred thousand, and a search of the list for each was
        // quadratic).
        let mut reported = HashSet::new();
        for (index, file) in files.iter().enumerate() {
            for section in file.sections() {
                let Some(&target_addr) = section_addr.get(&(index, section.index())) else {
                    continue;
                };
                for (offset, relocation) in section.relocations() {
                    let place = target_addr + offset as usize;
                    let symbol_addr = match relocation.target() {
                        RelocationTarget::Symbol(sym) => {
                            let symbol = file.symbol_by_index(sym).map_err(|e| {
                                LinkError(vec![format!("{}: {e}", inputs[index].name)])
                            })?;
                            match image.symbol_address(
                                &symbol,
                                index,
                                &section_addr,
                                libraries,
                                &mut linker,
                            ) {
                                Some(addr) => addr,
                                // An undefined weak reference is null.
                                None if symbol.is_weak() => 0,
                                None => {
                                    let name = symbol.name().unwrap_or("?").to_owned();
                                    let message = format!(
                                        "undefined symbol: {name} (referenced from {})",
                                        inputs[index].name
                                    );
                                    if reported.insert(message.clone()) {
                                        errors.push(message);
                                    }
                                    continue;
                                }
                            }
                        }
                        RelocationTarget::Section(s) => {
                            section_addr.get(&(index, s)).copied().unwrap_or(0)
                        }
                        _ => 0,
                    };
                    if let Err(e) = linker.apply(&relocation, place, symbol_addr) {
                        errors.push(format!("{}: {e}", inputs[index].name));
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(LinkError(errors));
        }
        image.constructors = pointer_arrays(&files, &section_addr, ".init_array");
        image.destructors = pointer_arrays(&files, &section_addr, ".fini_array");
        host::protect(base, code_size, host::Protection::Execute)
            .map_err(|e| LinkError(vec![format!("cannot protect code: {e}")]))?;
        if rw > ro {
            host::protect(unsafe { base.add(ro) }, rw - ro, host::Protection::Read)
                .map_err(|e| LinkError(vec![format!("cannot protect data: {e}")]))?;
        }
        image.functions.sort();
        Ok(image)
    }

    fn collect_symbols(
        &mut self,
        files: &[object::File<'_>],
        inputs: &[ObjectInput],
        section_addr: &HashMap<(usize, object::SectionIndex), usize>,
    ) -> Result<(), LinkError> {
        let mut errors = Vec::new();
        let mut strong: HashMap<String, bool> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            for symbol in file.symbols() {
                let SymbolSection::Section(section) = symbol.section() else {
                    continue;
                };
                let Some(&addr) = section_addr.get(&(index, section)) else {
                    continue;
                };
                let address = addr + symbol.address() as usize;
                let name = symbol.name().unwrap_or("").to_owned();
                if symbol.kind() == object::SymbolKind::Text && !name.is_empty() {
                    self.functions
                        .push((address, symbol.size() as usize, name.clone()));
                }
                if !symbol.is_global() || name.is_empty() {
                    continue;
                }
                // A strong definition wins over weak ones, whatever the
                // order; two strong ones clash.
                match strong.get(&name) {
                    Some(true) if !symbol.is_weak() => errors.push(format!(
                        "multiple definition of {name} (in {} and an earlier input)",
                        inputs[index].name
                    )),
                    Some(_) if symbol.is_weak() => continue,
                    _ => {}
                }
                strong.insert(name.clone(), !symbol.is_weak());
                self.symbols.insert(name, address);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(LinkError(errors))
        }
    }

    /// The address a relocation's symbol resolves to.
    fn symbol_address(
        &self,
        symbol: &object::Symbol<'_, '_>,
        input: usize,
        section_addr: &HashMap<(usize, object::SectionIndex), usize>,
        libraries: &Libraries,
        linker: &mut reloc::Relocator,
    ) -> Option<usize> {
        if let SymbolSection::Section(section) = symbol.section() {
            if !symbol.is_global() {
                return section_addr
                    .get(&(input, section))
                    .map(|a| a + symbol.address() as usize);
            }
        }
        let name = symbol.name().ok()?;
        if let Some(&addr) = self.symbols.get(name) {
            return Some(addr);
        }
        if let Some(addr) = self.section_bound(name) {
            return Some(addr);
        }
        if let Some(rest) = name.strip_prefix("__kit_vacall_") {
            let (count, target) = rest.split_once('_')?;
            let count: u8 = count.parse().ok()?;
            let target = self
                .symbols
                .get(target)
                .copied()
                .or_else(|| libraries.lookup(target))?;
            return linker.vacall_stub(count, target).ok();
        }
        libraries.lookup(name)
    }

    /// `__start_NAME` or `__stop_NAME` of a named section of the image.
    fn section_bound(&self, symbol: &str) -> Option<usize> {
        if let Some(name) = symbol.strip_prefix("__start_") {
            return self.named_sections.get(name).map(|&(start, _)| start);
        }
        let name = symbol.strip_prefix("__stop_")?;
        self.named_sections.get(name).map(|&(_, end)| end)
    }

    /// The address of a global symbol of the image.
    pub fn symbol(&self, name: &str) -> Option<usize> {
        self.symbols.get(name).copied()
    }

    /// Writes `/tmp/perf-PID.map`, the file `perf report` reads to name
    /// JIT code: one `START SIZE NAME` line (hex) per function.
    pub fn write_perf_map(&self) -> std::io::Result<()> {
        use std::io::Write;
        let path = format!("/tmp/perf-{}.map", std::process::id());
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for (start, size, name) in &self.functions {
            writeln!(out, "{start:x} {size:x} {name}")?;
        }
        out.flush()
    }

    /// The function containing `address`, and the offset into it.
    pub fn function_at(&self, address: usize) -> Option<(&str, usize)> {
        let index = self
            .functions
            .partition_point(|(start, _, _)| *start <= address);
        let (start, size, name) = self.functions.get(index.checked_sub(1)?)?;
        (address < start + (*size).max(1)).then_some((name.as_str(), address - start))
    }

    /// The constructors to run before the entry, in order.
    pub fn constructors(&self) -> &[usize] {
        &self.constructors
    }

    /// The destructors to run at exit, in the order they are listed
    /// (they run in reverse).
    pub fn destructors(&self) -> &[usize] {
        &self.destructors
    }

    /// Whether `address` lies in the image.
    pub fn contains(&self, address: usize) -> bool {
        (self.base as usize..self.base as usize + self.size).contains(&address)
    }
}

impl Drop for Image {
    fn drop(&mut self) {
        host::unmap(self.base, self.size);
    }
}

fn align(n: usize, to: usize) -> usize {
    n.div_ceil(to) * to
}

fn parse_all(inputs: &[ObjectInput]) -> Result<Vec<object::File<'_>>, LinkError> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match object::File::parse(&*input.bytes) {
            Ok(file) if file.architecture() == object::Architecture::X86_64 => files.push(file),
            Ok(file) => errors.push(format!(
                "{}: object is for {:?}, not x86_64",
                input.name,
                file.architecture()
            )),
            Err(e) => errors.push(format!("{}: not a valid ELF object: {e}", input.name)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(LinkError(errors))
    }
}

/// Where the sections of one C-identifier name lie in their group:
/// (group, start, end).
type NamedSections = HashMap<String, (Group, usize, usize)>;

/// Assigns every allocatable section an offset in its group; returns the
/// placements, each group's size (code, read-only, writable), and where
/// the sections named by C identifiers lie, each name's together.
fn place(files: &[object::File<'_>]) -> (Vec<Placed>, [usize; 3], NamedSections) {
    let mut candidates = Vec::new();
    for (input, file) in files.iter().enumerate() {
        for section in file.sections() {
            let SectionFlags::Elf { sh_flags } = section.flags() else {
                continue;
            };
            if sh_flags & u64::from(object::elf::SHF_ALLOC) == 0 || section.size() == 0 {
                continue;
            }
            let group = if sh_flags & u64::from(object::elf::SHF_EXECINSTR) != 0 {
                Group::Code
            } else if sh_flags & u64::from(object::elf::SHF_WRITE) != 0 {
                Group::Writable
            } else {
                Group::ReadOnly
            };
            let name = section.name().ok().filter(|n| is_identifier(n));
            candidates.push((group, name.map(str::to_owned), input, section));
        }
    }
    // Input order, but each identifier-named section's pieces together.
    candidates.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut sizes = [0usize; 3];
    let mut placed = Vec::new();
    let mut named: NamedSections = HashMap::new();
    for (group, name, input, section) in candidates {
        let slot = group as usize;
        let offset = align(sizes[slot], section.align().max(1) as usize);
        sizes[slot] = offset + section.size() as usize;
        if let Some(name) = name {
            let bounds = named.entry(name).or_insert((group, offset, offset));
            // gcc refuses one name for sections of two kinds.
            if bounds.0 == group {
                bounds.2 = sizes[slot];
            }
        }
        placed.push(Placed {
            input,
            section: section.index(),
            group,
            offset,
        });
    }
    (placed, sizes, named)
}

/// Whether a section name is a C identifier (GNU ld's condition for
/// `__start_`/`__stop_` symbols).
fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The relocated function pointers of every input's sections `name`
/// (`.init_array` or `.fini_array`) and `name.NNNNN` (a priority), in
/// GNU ld's order: the numbered ones by priority, then the plain ones,
/// each in input order.
fn pointer_arrays(
    files: &[object::File<'_>],
    section_addr: &HashMap<(usize, object::SectionIndex), usize>,
    name: &str,
) -> Vec<usize> {
    let mut arrays = Vec::new();
    for (index, file) in files.iter().enumerate() {
        for section in file.sections() {
            let Ok(section_name) = section.name() else {
                continue;
            };
            let priority = match section_name.strip_prefix(name) {
                Some("") => u32::MAX,
                Some(rest) => match rest.strip_prefix('.').map(str::parse::<u32>) {
                    Some(Ok(priority)) => priority,
                    _ => continue,
                },
                None => continue,
            };
            if let Some(&addr) = section_addr.get(&(index, section.index())) {
                arrays.push((priority, addr, section.size() as usize / 8));
            }
        }
    }
    arrays.sort_by_key(|&(priority, _, _)| priority);
    let mut pointers = Vec::new();
    for (_, addr, slots) in arrays {
        for slot in 0..slots {
            // SAFETY: the section was placed and relocated inside the image.
            pointers.push(unsafe { std::ptr::read_unaligned((addr as *const usize).add(slot)) });
        }
    }
    pointers
}

fn count_relocations(files: &[object::File<'_>]) -> usize {
    files
        .iter()
        .flat_map(|f| f.sections())
        .map(|s| s.relocations().count())
        .sum()
}
