//! `$search` and `$filter` as Graph accepts them for users, and the text
//! normalisation the database columns are built with.
//!
//! A search term matches when every word of it starts a word of the property
//! (words split on space . @ - _), ignoring case and common Latin diacritics,
//! so "elo" finds "Élodie Dupré" and "elodie.dupre@contoso.example".

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchField {
    DisplayName,
    UserPrincipalName,
    Mail,
}

impl SearchField {
    /// SQL for the property's normalised words, each after a space.
    pub fn words_sql(self) -> &'static str {
        match self {
            SearchField::DisplayName => "dn_words",
            SearchField::UserPrincipalName => "upn_words",
            SearchField::Mail => "coalesce(mail_words, upn_words)",
        }
    }

    /// SQL for the property in lower case, for `startswith`.
    pub fn lower_sql(self) -> &'static str {
        match self {
            SearchField::DisplayName => "dn_lower",
            SearchField::UserPrincipalName => "upn_lower",
            SearchField::Mail => "coalesce(mail_lower, upn_lower)",
        }
    }

    fn parse(name: &str) -> Option<SearchField> {
        [
            ("displayName", SearchField::DisplayName),
            ("userPrincipalName", SearchField::UserPrincipalName),
            ("mail", SearchField::Mail),
        ]
        .into_iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name.trim()))
        .map(|(_, field)| field)
    }
}

/// One quoted `"property:term"` clause; `words` are normalised (none: no match).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchClause {
    pub field: SearchField,
    pub words: Vec<String>,
}

/// Clauses joined by OR, each being clauses joined by AND (AND binds tighter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchExpr {
    pub any_of: Vec<Vec<SearchClause>>,
}

/// Limits that keep one search from holding the database for long: each word
/// is a string search over every row. The widget sends three clauses with a
/// term of up to 100 characters.
pub const MAX_CLAUSES: usize = 10;
pub const MAX_TERM_CHARS: usize = 100;
pub const MAX_WORDS_PER_TERM: usize = 16;

/// Why a `$search` is refused: malformed, or beyond what this tenant runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchError {
    Malformed(String),
    TooLarge(String),
}

/// `startswith(property,'prefix')`, prefix in lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartsWith {
    pub field: SearchField,
    pub prefix: String,
}

pub fn parse_search(raw: &str) -> Result<SearchExpr, SearchError> {
    let mut any_of: Vec<Vec<SearchClause>> = vec![Vec::new()];
    let mut clauses = 0;
    let mut expect_clause = true;
    let mut rest = raw.trim();
    while !rest.is_empty() {
        if expect_clause {
            clauses += 1;
            if clauses > MAX_CLAUSES {
                return Err(SearchError::TooLarge(format!(
                    "at most {MAX_CLAUSES} clauses are supported"
                )));
            }
            let quoted = rest
                .strip_prefix('"')
                .ok_or_else(|| malformed("each $search clause must be quoted"))?;
            let end = quoted
                .find('"')
                .ok_or_else(|| malformed("unterminated quote in $search"))?;
            let clause = parse_clause(&quoted[..end])?;
            any_of.last_mut().expect("never empty").push(clause);
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            match &rest[..end] {
                op if op.eq_ignore_ascii_case("OR") => any_of.push(Vec::new()),
                op if op.eq_ignore_ascii_case("AND") => {}
                other => {
                    return Err(malformed(&format!(
                        "expected OR or AND in $search, found {other:?}"
                    )));
                }
            }
            rest = rest[end..].trim_start();
        }
        expect_clause = !expect_clause;
    }
    if expect_clause {
        return Err(malformed("$search is empty or ends with an operator"));
    }
    Ok(SearchExpr { any_of })
}

fn malformed(reason: &str) -> SearchError {
    SearchError::Malformed(reason.to_string())
}

fn parse_clause(clause: &str) -> Result<SearchClause, SearchError> {
    let (property, term) = clause
        .split_once(':')
        .ok_or_else(|| malformed("a $search clause reads \"property:term\""))?;
    let field = SearchField::parse(property).ok_or_else(|| {
        malformed(&format!(
            "$search on {:?} is not supported",
            property.trim()
        ))
    })?;
    if term.chars().count() > MAX_TERM_CHARS {
        return Err(SearchError::TooLarge(format!(
            "a $search term has at most {MAX_TERM_CHARS} characters"
        )));
    }
    // A term of separators only ("@", "-") has no words and matches nobody,
    // which is what a person typing it into a search box expects. A word
    // given twice asks nothing more, so it is looked for once.
    let mut distinct = words(term);
    let mut seen = std::collections::HashSet::new();
    distinct.retain(|word| seen.insert(word.clone()));
    if distinct.len() > MAX_WORDS_PER_TERM {
        return Err(SearchError::TooLarge(format!(
            "a $search term has at most {MAX_WORDS_PER_TERM} different words"
        )));
    }
    Ok(SearchClause {
        field,
        words: distinct,
    })
}

/// The `$filter` clauses this tenant answers for users, as Graph accepts them
/// without advanced query headers (user-list, "Optional query parameters").
#[derive(Debug, PartialEq)]
pub enum UserFilter {
    StartsWith(StartsWith),
    /// `accountEnabled eq true` / `false`.
    AccountEnabled(bool),
}

pub fn parse_filter(raw: &str) -> Result<UserFilter, String> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    if let [property, operator, value] = words[..]
        && property.eq_ignore_ascii_case("accountEnabled")
    {
        if !operator.eq_ignore_ascii_case("eq") {
            return Err(format!("accountEnabled supports only eq, not {operator:?}"));
        }
        return match value {
            "true" => Ok(UserFilter::AccountEnabled(true)),
            "false" => Ok(UserFilter::AccountEnabled(false)),
            other => Err(format!("accountEnabled is true or false, not {other:?}")),
        };
    }
    parse_starts_with(raw).map(UserFilter::StartsWith)
}

fn parse_starts_with(raw: &str) -> Result<StartsWith, String> {
    let unsupported = || {
        "only $filter=startswith(property,'text') and accountEnabled eq true|false are supported"
            .to_string()
    };
    let raw = raw.trim();
    let (function, rest) = raw.split_once('(').ok_or_else(unsupported)?;
    let arguments = rest.strip_suffix(')').ok_or_else(unsupported)?;
    if !function.trim().eq_ignore_ascii_case("startswith") {
        return Err(unsupported());
    }
    let (property, literal) = arguments.split_once(',').ok_or_else(unsupported)?;
    let field = SearchField::parse(property)
        .ok_or_else(|| format!("startswith on {:?} is not supported", property.trim()))?;
    let literal = literal.trim();
    let inner = literal
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
        .filter(|_| literal.len() >= 2)
        .ok_or("the startswith text must be in single quotes")?;
    if inner.replace("''", "").contains('\'') {
        return Err("a quote inside the startswith text must be doubled".into());
    }
    Ok(StartsWith {
        field,
        prefix: inner.replace("''", "'").to_lowercase(),
    })
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '@' | '-' | '_')
}

/// Lower case, diacritics removed, split into words.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(is_separator)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The stored form: every word preceded by a space, so `instr(column, ' ' || term)`
/// finds exactly the words that start with the term.
pub fn words_column(text: &str) -> String {
    words(text).iter().map(|word| format!(" {word}")).collect()
}

fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => folded.push('a'),
            'ç' | 'ć' | 'č' => folded.push('c'),
            'ď' | 'đ' => folded.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => folded.push('e'),
            'ğ' => folded.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => folded.push('i'),
            'ł' => folded.push('l'),
            'ñ' | 'ń' | 'ň' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => folded.push('o'),
            'ř' => folded.push('r'),
            'ś' | 'š' | 'ş' => folded.push('s'),
            'ť' | 'ţ' => folded.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => folded.push('u'),
            'ý' | 'ÿ' => folded.push('y'),
            'ź' | 'ż' | 'ž' => folded.push('z'),
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            other => folded.push(other),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_split_words_and_fold() {
        assert_eq!(words_column("Élodie Dupré"), " elodie dupre");
        assert_eq!(
            words_column("elodie.dupre@contoso.example"),
            " elodie dupre contoso example"
        );
        assert_eq!(words_column("Jürgen Müller-Groß"), " jurgen muller gross");
        assert_eq!(words_column("王伟"), " 王伟");
    }

    #[test]
    fn parses_or_and_clauses() {
        let expr =
            parse_search("\"displayName:Élo\" OR \"userPrincipalName:elo\" AND \"mail:x y\"")
                .unwrap();
        assert_eq!(expr.any_of.len(), 2);
        assert_eq!(expr.any_of[0][0].words, ["elo"]);
        assert_eq!(
            expr.any_of[1][1],
            SearchClause {
                field: SearchField::Mail,
                words: vec!["x".into(), "y".into()]
            }
        );
    }

    #[test]
    fn refuses_malformed_search() {
        for bad in [
            "elo",
            "\"displayName:elo",
            "\"jobTitle:x\"",
            "\"displayName\"",
            "\"mail:a\" OR",
            "\"mail:a\" XOR \"mail:b\"",
            "",
        ] {
            assert!(parse_search(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn limits_clauses_term_length_and_words() {
        let clauses =
            |n: usize, term: &str| vec![format!("\"displayName:{term}\""); n].join(" OR ");
        let widest = "x".repeat(MAX_TERM_CHARS);
        assert!(parse_search(&clauses(MAX_CLAUSES, &widest)).is_ok());
        let too_many = parse_search(&clauses(MAX_CLAUSES + 1, "a"));
        assert!(matches!(too_many, Err(SearchError::TooLarge(_))));
        let too_long = parse_search(&clauses(1, &"é".repeat(MAX_TERM_CHARS + 1)));
        assert!(matches!(too_long, Err(SearchError::TooLarge(_))));
        let repeated = parse_search(&clauses(1, &["ab"; 30].join(" "))).unwrap();
        assert_eq!(repeated.any_of[0][0].words, ["ab"]);
        let letters: Vec<String> = ('a'..='q').map(String::from).collect();
        let many_words = parse_search(&clauses(1, &letters.join(" ")));
        assert!(matches!(many_words, Err(SearchError::TooLarge(_))));
    }

    #[test]
    fn parses_account_enabled() {
        assert_eq!(
            parse_filter("accountEnabled eq true"),
            Ok(UserFilter::AccountEnabled(true))
        );
        assert_eq!(
            parse_filter(" accountenabled  EQ false "),
            Ok(UserFilter::AccountEnabled(false))
        );
    }

    #[test]
    fn parses_startswith() {
        assert_eq!(
            parse_filter("startswith(displayName,'Él')").unwrap(),
            UserFilter::StartsWith(StartsWith {
                field: SearchField::DisplayName,
                prefix: "él".into()
            })
        );
        assert_eq!(
            parse_filter("startsWith( mail , 'o''brien')").unwrap(),
            UserFilter::StartsWith(StartsWith {
                field: SearchField::Mail,
                prefix: "o'brien".into()
            })
        );
        for bad in [
            "displayName eq 'x'",
            "accountEnabled ne true",
            "accountEnabled eq 'true'",
            "accountEnabled eq yes",
            "startswith(displayName,x)",
            "startswith(jobTitle,'x')",
            "startswith(mail,'a'b')",
        ] {
            assert!(parse_filter(bad).is_err(), "{bad:?}");
        }
    }
}
