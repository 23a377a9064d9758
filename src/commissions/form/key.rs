//! The key a plan form carries: HMAC-SHA256, made with the roster's form secret, over the
//! form's serial, its person and its commission. It ties the form to its person and to the
//! roster that handed it out: a form whose serial, person or commission was changed, or
//! that another roster made, does not verify.
//!
//! HMAC is written out here over `sha2` (RFC 2104): the crate is already a dependency, and
//! the construction is a few lines, checked below against RFC 4231's test vectors.

use sha2::{Digest, Sha256};

/// The layout of the keyed text; a form of another version is not read.
pub(crate) const VERSION: &str = "1";

/// SHA-256's block size, in bytes.
const BLOCK: usize = 64;

/// The text a form's key is made over.
pub(crate) fn message(form: i64, person: i64, commission: Option<i64>) -> String {
    let commission = commission.map(|c| c.to_string()).unwrap_or_default();
    format!("yorisoi-plan-form/{VERSION}\nform={form}\nperson={person}\ncommission={commission}")
}

/// HMAC-SHA256 of `data` with `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(data)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    block.fill(0);
    outer.into()
}

/// The key of form `form` of person `person` (and commission `commission`), as the form
/// shows it (lower-case hex).
pub(crate) fn make(secret: &[u8], form: i64, person: i64, commission: Option<i64>) -> String {
    hex::encode(hmac_sha256(
        secret,
        message(form, person, commission).as_bytes(),
    ))
}

/// True when `shown` is the key of form `form` of `person` and `commission`. Compared in
/// time that does not depend on where the first difference is.
pub(crate) fn verify(
    secret: &[u8],
    form: i64,
    person: i64,
    commission: Option<i64>,
    shown: &str,
) -> bool {
    let Ok(shown) = hex::decode(shown.trim()) else {
        return false;
    };
    let expected = hmac_sha256(secret, message(form, person, commission).as_bytes());
    shown.len() == expected.len()
        && shown
            .iter()
            .zip(expected.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 1.
        assert_eq!(
            hex::encode(hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        // Test case 2.
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_key_verifies_only_for_its_own_form_person_and_commission() {
        let secret = [7u8; 32];
        let key = make(&secret, 12, 3, Some(5));
        assert!(verify(&secret, 12, 3, Some(5), &key));
        assert!(verify(&secret, 12, 3, Some(5), &key.to_uppercase()));
        assert!(!verify(&secret, 12, 4, Some(5), &key));
        assert!(!verify(&secret, 13, 3, Some(5), &key));
        assert!(!verify(&secret, 12, 3, None, &key));
        assert!(!verify(&[8u8; 32], 12, 3, Some(5), &key));
        assert!(!verify(&secret, 12, 3, Some(5), &key[..62]));
        assert!(!verify(&secret, 12, 3, Some(5), "not hex"));
    }
}
