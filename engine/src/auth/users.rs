//! The `auth_user` table of a scenario: `django.contrib.auth.models.User` rows with a primary
//! key, a username and a stored password hash (`AbstractBaseUser.password`).

use super::hash::session_auth_hash;
use crate::session::SessionError;

/// The users every conformance scenario starts with (the conformance README, "Users"):
/// `(pk, stored password)`. The password strings are only ever HMAC'd by
/// `get_session_auth_hash()`, never checked as passwords.
pub const DEFAULT_USERS: [(i64, &str); 3] = [
    (
        1,
        "pbkdf2_sha256$1000000$oraclesalt1$bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ0",
    ),
    (
        2,
        "pbkdf2_sha256$1000000$oraclesalt2$cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ01",
    ),
    (
        3,
        "pbkdf2_sha256$1000000$oraclesalt3$defghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ012",
    ),
];

/// One `User` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// `user.pk` (an `AutoField`).
    pub pk: i64,
    /// `user.username` (`"user<pk>"` in the scenarios).
    pub username: String,
    /// `user.password`: the stored hash, e.g. `pbkdf2_sha256$1000000$salt$hash`.
    pub password: String,
}

impl User {
    /// `user.get_session_auth_hash()` under `secret_key` (`AbstractBaseUser`,
    /// `django/contrib/auth/base_user.py`).
    pub fn session_auth_hash(&self, secret_key: &str) -> String {
        session_auth_hash(&self.password, secret_key)
    }

    /// `user.get_session_auth_fallback_hash()`: the hash under each of
    /// `SECRET_KEY_FALLBACKS`, in order.
    pub fn fallback_session_auth_hashes<'a>(
        &'a self,
        fallbacks: &'a [String],
    ) -> impl Iterator<Item = String> + 'a {
        fallbacks
            .iter()
            .map(|secret| session_auth_hash(&self.password, secret))
    }
}

/// The `auth_user` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Users {
    users: Vec<User>,
}

impl Default for Users {
    /// Users 1, 2 and 3 ([`DEFAULT_USERS`]), named `user1`, `user2`, `user3`.
    fn default() -> Users {
        Users {
            users: DEFAULT_USERS
                .iter()
                .map(|&(pk, password)| User {
                    pk,
                    username: format!("user{pk}"),
                    password: password.to_owned(),
                })
                .collect(),
        }
    }
}

impl Users {
    /// `User.objects.filter(pk=pk).first()`.
    pub fn get(&self, pk: i64) -> Option<&User> {
        self.users.iter().find(|user| user.pk == pk)
    }

    /// `User.objects.get(pk=pk)`: `DoesNotExist` if there is no such user.
    pub fn require(&self, pk: i64) -> Result<&User, SessionError> {
        self.get(pk).ok_or_else(|| {
            SessionError::DoesNotExist(format!("User matching query does not exist (pk={pk})."))
        })
    }

    /// Every user, by primary key.
    pub fn iter(&self) -> impl Iterator<Item = &User> {
        self.users.iter()
    }

    /// The scenario step `set_password`: user `pk`'s stored password hash becomes `password`
    /// (the password was changed elsewhere, e.g. `user.set_password(...); user.save()` in
    /// another request). `DoesNotExist` if there is no such user.
    pub fn set_password(&mut self, pk: i64, password: &str) -> Result<(), SessionError> {
        self.require(pk)?;
        if let Some(user) = self.users.iter_mut().find(|user| user.pk == pk) {
            user.password = password.to_owned();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_users_exist() {
        let users = Users::default();
        assert_eq!(users.iter().count(), 3);
        assert_eq!(users.get(2).map(|u| u.username.as_str()), Some("user2"));
        assert!(users.get(4).is_none());
        assert!(matches!(
            users.require(0),
            Err(SessionError::DoesNotExist(_))
        ));
    }

    #[test]
    fn set_password_changes_the_session_auth_hash() {
        let mut users = Users::default();
        let before = users.require(1).unwrap().session_auth_hash("k");
        users.set_password(1, "new").unwrap();
        assert_ne!(users.require(1).unwrap().session_auth_hash("k"), before);
        assert!(users.set_password(9, "x").is_err());
    }

    #[test]
    fn fallback_hashes_follow_the_fallback_keys() {
        let users = Users::default();
        let user = users.require(3).unwrap();
        let fallbacks = vec!["old".to_owned(), "older".to_owned()];
        let hashes: Vec<String> = user.fallback_session_auth_hashes(&fallbacks).collect();
        assert_eq!(
            hashes,
            vec![
                user.session_auth_hash("old"),
                user.session_auth_hash("older")
            ]
        );
    }
}
