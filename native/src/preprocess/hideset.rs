//! Hidesets (see the module above): every distinct set of macro names is
//! stored once, and a token carries its set's number. Expanding a macro
//! gives every token of its replacement the same new set, and the sets
//! repeat endlessly (a macro used a thousand times makes the same set a
//! thousand times), so the unions and intersections are remembered too:
//! an expansion costs a table lookup instead of an allocation per token.

use std::collections::HashMap;
use std::rc::Rc;

use super::lex::FxBuild;

/// A set's number in its [`HideSets`]; tokens of one unit compare sets by
/// number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HideSet(u32);

impl HideSet {
    /// The set of a token no macro produced.
    pub const EMPTY: HideSet = HideSet(0);
}

/// The sets of one preprocessing run.
pub struct HideSets {
    /// Names sorted, no repeats; `EMPTY` first.
    sets: Vec<Rc<[Rc<str>]>>,
    numbers: HashMap<Rc<[Rc<str>]>, HideSet, FxBuild>,
    with: HashMap<(HideSet, Rc<str>), HideSet, FxBuild>,
    unions: HashMap<(HideSet, HideSet), HideSet, FxBuild>,
    intersections: HashMap<(HideSet, HideSet), HideSet, FxBuild>,
}

impl Default for HideSets {
    fn default() -> HideSets {
        let empty: Rc<[Rc<str>]> = Rc::from(Vec::new());
        let mut numbers = HashMap::default();
        numbers.insert(empty.clone(), HideSet::EMPTY);
        HideSets {
            sets: vec![empty],
            numbers,
            with: HashMap::default(),
            unions: HashMap::default(),
            intersections: HashMap::default(),
        }
    }
}

impl HideSets {
    pub fn contains(&self, set: HideSet, name: &str) -> bool {
        self.names(set).iter().any(|n| &**n == name)
    }

    /// `set` with `name` added.
    pub fn with(&mut self, set: HideSet, name: &Rc<str>) -> HideSet {
        if let Some(&known) = self.with.get(&(set, name.clone())) {
            return known;
        }
        let mut names = self.names(set).to_vec();
        names.push(name.clone());
        let made = self.number(names);
        self.with.insert((set, name.clone()), made);
        made
    }

    pub fn union(&mut self, a: HideSet, b: HideSet) -> HideSet {
        if a == b || b == HideSet::EMPTY {
            return a;
        }
        if a == HideSet::EMPTY {
            return b;
        }
        if let Some(&known) = self.unions.get(&(a, b)) {
            return known;
        }
        let names = [self.names(a), self.names(b)].concat();
        let made = self.number(names);
        self.unions.insert((a, b), made);
        made
    }

    pub fn intersection(&mut self, a: HideSet, b: HideSet) -> HideSet {
        if a == b || a == HideSet::EMPTY || b == HideSet::EMPTY {
            return if a == b { a } else { HideSet::EMPTY };
        }
        if let Some(&known) = self.intersections.get(&(a, b)) {
            return known;
        }
        let other = self.names(b);
        let names = self
            .names(a)
            .iter()
            .filter(|n| other.contains(n))
            .cloned()
            .collect();
        let made = self.number(names);
        self.intersections.insert((a, b), made);
        made
    }

    fn names(&self, set: HideSet) -> &[Rc<str>] {
        &self.sets[set.0 as usize]
    }

    /// The number of the set of `names` (in any order, repeats allowed).
    fn number(&mut self, mut names: Vec<Rc<str>>) -> HideSet {
        names.sort_unstable();
        names.dedup();
        let names: Rc<[Rc<str>]> = Rc::from(names);
        if let Some(&known) = self.numbers.get(&names) {
            return known;
        }
        let set = HideSet(self.sets.len() as u32);
        self.sets.push(names.clone());
        self.numbers.insert(names, set);
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &str) -> Vec<Rc<str>> {
        list.split(' ').map(Rc::from).collect()
    }

    fn set_of(sets: &mut HideSets, list: &str) -> HideSet {
        names(list)
            .iter()
            .fold(HideSet::EMPTY, |set, name| sets.with(set, name))
    }

    #[test]
    fn equal_sets_share_a_number_whatever_their_history() {
        let mut sets = HideSets::default();
        let fg = set_of(&mut sets, "f g");
        assert_eq!(set_of(&mut sets, "g f"), fg);
        assert_eq!(set_of(&mut sets, "g f g"), fg);
        assert_ne!(set_of(&mut sets, "f"), fg);
        assert!(sets.contains(fg, "f") && sets.contains(fg, "g"));
        assert!(!sets.contains(fg, "h") && !sets.contains(HideSet::EMPTY, "f"));
    }

    #[test]
    fn unions_and_intersections() {
        let mut sets = HideSets::default();
        let (fg, gh, g) = (
            set_of(&mut sets, "f g"),
            set_of(&mut sets, "g h"),
            set_of(&mut sets, "g"),
        );
        assert_eq!(sets.intersection(fg, gh), g);
        assert_eq!(sets.intersection(fg, HideSet::EMPTY), HideSet::EMPTY);
        assert_eq!(sets.intersection(fg, fg), fg);
        let all = sets.union(fg, gh);
        assert_eq!(all, set_of(&mut sets, "h g f"));
        assert_eq!(sets.union(fg, HideSet::EMPTY), fg);
        assert_eq!(sets.union(HideSet::EMPTY, fg), fg);
        assert_eq!(sets.union(g, fg), fg);
    }
}
