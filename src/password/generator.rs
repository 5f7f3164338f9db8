//! Random passwords, uniform over every password that meets the options.

use std::cell::RefCell;
use std::sync::Arc;

use zeroize::{Zeroize, Zeroizing};

use super::charset::{CharClass, FORMULA_LEADS, generator_chars};
use super::random::{MAX_BYTES_PER_CALL, OsRandom, RandomBytes, RandomError, RandomSource};
use super::secret::Password;
use super::strength::ln_count_without_leading;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 256;
/// Entra's complexity rule: at least this many of the four classes.
pub const REQUIRED_CLASSES: usize = 3;
/// Below this chance that a uniform draw meets the minimums, redrawing the
/// whole password would cost too many attempts; such options are refused.
const MIN_ACCEPTANCE_LOG2: f64 = -12.0;
/// Batch size when one generator makes many passwords (bulk resets).
const BULK_BATCH: usize = 16_384;

/// What to generate. A class's minimum applies only when the class is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratorOptions {
    pub length: usize,
    pub lowercase: bool,
    pub uppercase: bool,
    pub digits: bool,
    pub symbols: bool,
    pub min_lowercase: usize,
    pub min_uppercase: usize,
    pub min_digits: usize,
    pub min_symbols: usize,
    /// Leave out characters that are easily confused (`I l 1 | O 0 o ` '`).
    pub exclude_look_alikes: bool,
}

impl Default for GeneratorOptions {
    fn default() -> Self {
        Self {
            length: 16,
            lowercase: true,
            uppercase: true,
            digits: true,
            symbols: true,
            min_lowercase: 1,
            min_uppercase: 1,
            min_digits: 1,
            min_symbols: 1,
            exclude_look_alikes: false,
        }
    }
}

impl GeneratorOptions {
    pub fn is_enabled(&self, class: CharClass) -> bool {
        match class {
            CharClass::Lowercase => self.lowercase,
            CharClass::Uppercase => self.uppercase,
            CharClass::Digit => self.digits,
            CharClass::Symbol => self.symbols,
        }
    }

    /// The effective minimum: zero for a class that is off.
    pub fn minimum(&self, class: CharClass) -> usize {
        if !self.is_enabled(class) {
            return 0;
        }
        match class {
            CharClass::Lowercase => self.min_lowercase,
            CharClass::Uppercase => self.min_uppercase,
            CharClass::Digit => self.min_digits,
            CharClass::Symbol => self.min_symbols,
        }
    }
}

/// Why options cannot produce a password, or why the random source failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GeneratorError {
    #[error("length {length} is outside the allowed range {min}..={max}")]
    LengthOutOfRange {
        length: usize,
        min: usize,
        max: usize,
    },
    #[error("no character class is selected")]
    NoClassSelected,
    #[error("only {enabled} character classes are selected; the policy needs {required} of 4")]
    TooFewClasses { enabled: usize, required: usize },
    #[error("the class minimums add up to {total}, more than the length {length}")]
    MinimumsExceedLength { total: usize, length: usize },
    #[error(
        "the class minimums ({total} of {length} characters) leave too few passwords to draw \
         without bias; lower a minimum or lengthen the password"
    )]
    MinimumsTooRestrictive { total: usize, length: usize },
    #[error("{words} words is outside the allowed range {min}..={max}")]
    WordCountOutOfRange {
        words: usize,
        min: usize,
        max: usize,
    },
    #[error("the separator must be 1 to 3 symbols or spaces, other than $ and @")]
    InvalidSeparator,
    #[error("the random source failed: {0}")]
    Random(RandomError),
}

impl From<RandomError> for GeneratorError {
    fn from(error: RandomError) -> Self {
        Self::Random(error)
    }
}

/// Options checked and turned into an alphabet.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) length: usize,
    /// Every character the options allow, one byte each (all ASCII).
    pub(crate) alphabet: Vec<u8>,
    /// The class index of each alphabet entry.
    classes: Vec<u8>,
    pub(crate) minimums: [usize; 4],
    /// Natural log of the number of passwords that meet the options.
    pub(crate) ln_count: f64,
}

impl Plan {
    pub(crate) fn new(options: &GeneratorOptions) -> Result<Self, GeneratorError> {
        let length = options.length;
        if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
            return Err(GeneratorError::LengthOutOfRange {
                length,
                min: MIN_LENGTH,
                max: MAX_LENGTH,
            });
        }
        let enabled = CharClass::ALL
            .iter()
            .filter(|c| options.is_enabled(**c))
            .count();
        if enabled == 0 {
            return Err(GeneratorError::NoClassSelected);
        }
        if enabled < REQUIRED_CLASSES {
            return Err(GeneratorError::TooFewClasses {
                enabled,
                required: REQUIRED_CLASSES,
            });
        }
        let minimums = CharClass::ALL.map(|c| options.minimum(c));
        let total = minimums
            .iter()
            .fold(0usize, |sum, m| sum.saturating_add(*m));
        if total > length {
            return Err(GeneratorError::MinimumsExceedLength { total, length });
        }

        let mut alphabet = Vec::new();
        let mut classes = Vec::new();
        let mut sizes = [0; 4];
        for class in CharClass::ALL
            .into_iter()
            .filter(|c| options.is_enabled(*c))
        {
            let chars = generator_chars(class, options.exclude_look_alikes);
            sizes[class.index()] = chars.len();
            classes.extend(std::iter::repeat_n(class.index() as u8, chars.len()));
            alphabet.extend(chars);
        }

        let leads = alphabet
            .iter()
            .filter(|b| FORMULA_LEADS.as_bytes().contains(b))
            .count();
        let ln_count = ln_count_without_leading(length, sizes, minimums, REQUIRED_CLASSES, leads);
        let plan = Self {
            length,
            alphabet,
            classes,
            minimums,
            ln_count,
        };
        if plan.acceptance_log2() < MIN_ACCEPTANCE_LOG2 {
            return Err(GeneratorError::MinimumsTooRestrictive { total, length });
        }
        Ok(plan)
    }

    /// The plan for `options`, remembered for the last options seen on this
    /// thread: counting the qualifying passwords costs more than drawing
    /// one, and the UI asks again and again with the same options.
    pub(crate) fn cached(options: &GeneratorOptions) -> Result<Arc<Self>, GeneratorError> {
        thread_local! {
            static LAST: RefCell<Option<(GeneratorOptions, Arc<Plan>)>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            if let Some((seen, plan)) = &*last.borrow()
                && seen == options
            {
                return Ok(Arc::clone(plan));
            }
            let plan = Arc::new(Self::new(options)?);
            *last.borrow_mut() = Some((options.clone(), Arc::clone(&plan)));
            Ok(plan)
        })
    }

    /// log2 of the chance that a uniform string over the alphabet qualifies.
    fn acceptance_log2(&self) -> f64 {
        (self.ln_count - self.length as f64 * (self.alphabet.len() as f64).ln())
            / std::f64::consts::LN_2
    }

    /// Expected random bytes per finished password, with a margin, so that
    /// one batch usually covers a whole password.
    fn batch_for_one(&self) -> usize {
        let n = self.alphabet.len();
        let bytes_per_char = 256.0 / (256 - 256 % n) as f64;
        let attempts = 2f64.powf(-self.acceptance_log2());
        let expected = self.length as f64 * bytes_per_char * attempts;
        ((expected * 1.25) as usize + 16).min(MAX_BYTES_PER_CALL)
    }

    fn accepts(&self, counts: &[usize; 4]) -> bool {
        let present = counts.iter().filter(|&&n| n > 0).count();
        present >= REQUIRED_CLASSES && counts.iter().zip(&self.minimums).all(|(n, m)| n >= m)
    }
}

/// Makes passwords one after another from one stream of random bytes; use it
/// when resetting several users at once.
pub struct PasswordGenerator<R: RandomSource> {
    plan: Arc<Plan>,
    bytes: RandomBytes<R>,
}

impl<R: RandomSource> PasswordGenerator<R> {
    pub fn new(options: &GeneratorOptions, source: R) -> Result<Self, GeneratorError> {
        let plan = Plan::cached(options)?;
        Ok(Self {
            plan,
            bytes: RandomBytes::new(source, BULK_BATCH),
        })
    }

    fn for_one(options: &GeneratorOptions, source: R) -> Result<Self, GeneratorError> {
        let plan = Plan::cached(options)?;
        let batch = plan.batch_for_one();
        Ok(Self {
            plan,
            bytes: RandomBytes::new(source, batch),
        })
    }

    /// Draws every character uniformly from the whole alphabet and starts
    /// over when the result misses a minimum or the 3-of-4 rule, or starts
    /// with a [`FORMULA_LEADS`] character. Redrawing the whole password
    /// (rather than planting required characters, shuffling or redrawing the
    /// first character alone) keeps every qualifying password exactly
    /// equally likely.
    pub fn next_password(&mut self) -> Result<Password, GeneratorError> {
        let plan = &self.plan;
        let mut candidate = Zeroizing::new(String::with_capacity(plan.length));
        loop {
            let mut counts = [0usize; 4];
            for _ in 0..plan.length {
                let index = self.bytes.below(plan.alphabet.len() as u32)? as usize;
                counts[usize::from(plan.classes[index])] += 1;
                candidate.push(char::from(plan.alphabet[index]));
            }
            let starts_like_a_formula = FORMULA_LEADS.as_bytes().contains(&candidate.as_bytes()[0]);
            if plan.accepts(&counts) && !starts_like_a_formula {
                return Ok(Password::from(candidate));
            }
            candidate.zeroize();
        }
    }
}

/// A password from the system's secure generator (Web Crypto in a browser).
pub fn generate(options: &GeneratorOptions) -> Result<Password, GeneratorError> {
    generate_with(options, &mut OsRandom)
}

/// A password from `source`; tests pass a seeded generator.
pub fn generate_with(
    options: &GeneratorOptions,
    source: &mut impl RandomSource,
) -> Result<Password, GeneratorError> {
    PasswordGenerator::for_one(options, source)?.next_password()
}
