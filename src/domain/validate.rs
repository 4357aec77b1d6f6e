//! Sign-in form rules: specific messages for what the user typed.

use crate::api::token::Token;

/// A sign-in field, for placing each message beside its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Token,
    Tenant,
    Region,
    UserName,
    ApiKey,
    Password,
}

pub type Problems = Vec<(Field, String)>;

fn has_space(s: &str) -> bool {
    s.trim().chars().any(char::is_whitespace)
}

/// Token sign-in: token, tenant ID and region.
pub fn token_form(token: &str, tenant: &str, region: &str) -> Problems {
    let mut p = Vec::new();
    if token.trim().is_empty() {
        p.push((Field::Token, "Enter the token.".to_string()));
    } else if has_space(token) {
        p.push((Field::Token, "A token has no spaces; check what was pasted.".to_string()));
    } else if !Token::new(token).header_safe() {
        // The rule the client refuses a token by; said without quoting it:
        // a token never goes into text.
        let why = "A token has only letters, digits and keyboard symbols; check what was pasted.";
        p.push((Field::Token, why.to_string()));
    }
    let tenant = tenant.trim();
    if tenant.is_empty() {
        p.push((Field::Tenant, "Enter the tenant ID (the account number, e.g. 123456).".to_string()));
    } else if tenant.len() > 64 || !tenant.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-')) {
        p.push((Field::Tenant, "A tenant ID has only letters, digits, ':', '_' or '-' (e.g. 123456).".to_string()));
    }
    if region.trim().is_empty() {
        p.push((Field::Region, "Choose a region.".to_string()));
    }
    p
}

fn user_name(user: &str) -> Problems {
    if user.trim().is_empty() {
        vec![(Field::UserName, "Enter the user name.".to_string())]
    } else {
        Vec::new()
    }
}

/// Identity sign-in: user name and API key.
pub fn api_key_form(user: &str, api_key: &str) -> Problems {
    let mut p = user_name(user);
    if api_key.trim().is_empty() {
        p.push((Field::ApiKey, "Enter the API key.".to_string()));
    } else if has_space(api_key) {
        p.push((Field::ApiKey, "An API key has no spaces; check what was pasted.".to_string()));
    }
    p
}

/// Identity sign-in: user name and password. A password is sent as typed:
/// spaces, even around it, may be part of it.
pub fn password_form(user: &str, password: &str) -> Problems {
    let mut p = user_name(user);
    if password.is_empty() {
        p.push((Field::Password, "Enter the password.".to_string()));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_form_names_each_problem() {
        assert!(token_form("demo-token", "123456", "DFW").is_empty());
        assert!(token_form(" demo-token ", " 123456 ", "DFW").is_empty(), "surrounding spaces are trimmed");
        let p = token_form("", "", "");
        assert_eq!(p.iter().map(|x| x.0).collect::<Vec<_>>(), [Field::Token, Field::Tenant, Field::Region]);
        assert_eq!(token_form("a b", "123456", "DFW")[0].1, "A token has no spaces; check what was pasted.");
        assert!(token_form("t", "12 34", "DFW")[0].1.contains("only letters, digits"));
        assert!(token_form("t", "hybrid:123", "DFW").is_empty());
        let pasted = token_form("gAAAA…Bk9", "123456", "DFW");
        assert_eq!(pasted.len(), 1);
        assert!(
            pasted[0].1.contains("keyboard symbols") && !pasted[0].1.contains("gAAAA"),
            "never the token: {pasted:?}"
        );
        assert_eq!(token_form("tök", "123456", "DFW"), pasted, "an accent too");
    }

    #[test]
    fn api_key_form_names_each_problem() {
        assert!(api_key_form("demo", "demo-key").is_empty());
        assert_eq!(api_key_form("", "")[0], (Field::UserName, "Enter the user name.".to_string()));
        assert_eq!(api_key_form("demo", "")[0].1, "Enter the API key.");
        assert!(api_key_form("demo", "ab cd")[0].1.contains("no spaces"));
    }

    #[test]
    fn password_form_names_each_problem_and_allows_spaces() {
        assert!(password_form("demo", "demo-password").is_empty());
        assert!(password_form("demo", " a pass phrase ").is_empty(), "spaces may be part of a password");
        assert_eq!(
            password_form(" ", ""),
            [
                (Field::UserName, "Enter the user name.".to_string()),
                (Field::Password, "Enter the password.".to_string())
            ]
        );
        assert_eq!(password_form("demo", "")[0].0, Field::Password);
    }
}
