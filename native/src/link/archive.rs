//! Static archives: a member joins the image only if it defines a symbol
//! something already in the image needs, and then its own needs count too
//! (repeated until nothing changes, so member order inside and across
//! archives does not matter, unlike a one-pass Unix linker).

use std::collections::HashSet;

use object::read::archive::ArchiveFile;
use object::{Object, ObjectSymbol};

use super::ObjectInput;

/// The global symbols an object defines and the ones it leaves undefined.
fn symbols_of(bytes: &[u8]) -> Result<(Vec<String>, Vec<String>), String> {
    let file = object::File::parse(bytes).map_err(|e| e.to_string())?;
    let mut defined = Vec::new();
    let mut undefined = Vec::new();
    for symbol in file.symbols() {
        let Ok(name) = symbol.name() else { continue };
        if name.is_empty() || !symbol.is_global() {
            continue;
        }
        if symbol.is_undefined() {
            undefined.push(name.to_owned());
        } else {
            defined.push(name.to_owned());
        }
    }
    Ok((defined, undefined))
}

/// Adds to `objects` the members of `archives` (name, bytes) that resolve
/// undefined symbols of `objects`, transitively.
pub fn pull_members(
    objects: &mut Vec<ObjectInput>,
    archives: &[(String, Vec<u8>)],
) -> Result<(), Vec<String>> {
    let mut defined = HashSet::new();
    let mut undefined = HashSet::new();
    for object in objects.iter() {
        if let Ok((d, u)) = symbols_of(&object.bytes) {
            defined.extend(d);
            undefined.extend(u);
        }
    }
    undefined.retain(|s| !defined.contains(s));
    let mut members = Vec::new();
    let mut errors = Vec::new();
    for (name, bytes) in archives {
        let archive = match ArchiveFile::parse(&**bytes) {
            Ok(archive) => archive,
            Err(e) => {
                errors.push(format!("{name}: not a valid archive: {e}"));
                continue;
            }
        };
        for member in archive.members() {
            let parsed = member.map_err(|e| e.to_string()).and_then(|m| {
                let data = m.data(&**bytes).map_err(|e| e.to_string())?;
                let member_name = String::from_utf8_lossy(m.name()).into_owned();
                let (d, u) = symbols_of(data).map_err(|e| format!("member {member_name}: {e}"))?;
                Ok((member_name, data.to_vec(), d, u))
            });
            match parsed {
                Ok(member) => members.push((name.clone(), member)),
                Err(e) => errors.push(format!("{name}: {e}")),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut taken = vec![false; members.len()];
    loop {
        let mut changed = false;
        for (i, (archive, (member, data, d, u))) in members.iter().enumerate() {
            if taken[i] || !d.iter().any(|s| undefined.contains(s)) {
                continue;
            }
            taken[i] = true;
            changed = true;
            defined.extend(d.iter().cloned());
            undefined.extend(u.iter().filter(|s| !defined.contains(*s)).cloned());
            undefined.retain(|s| !defined.contains(s));
            objects.push(ObjectInput {
                name: format!("{archive}({member})"),
                bytes: data.clone(),
            });
        }
        if !changed {
            return Ok(());
        }
    }
}
