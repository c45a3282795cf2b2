from kefu.identity import account_hash, verified_account

SECRET = "s3cret-for-tests"


def test_a_signed_account_is_verified():
    assert verified_account(SECRET, "xiaoli", account_hash(SECRET, "xiaoli")) == "xiaoli"
    assert verified_account(SECRET, "xiaoli", account_hash(SECRET, "xiaoli").upper()) == "xiaoli"


def test_a_hash_for_another_account_or_secret_is_refused():
    assert verified_account(SECRET, "xiaoli", account_hash(SECRET, "laozhou")) is None
    assert verified_account(SECRET, "xiaoli", account_hash("other", "xiaoli")) is None


def test_without_a_secret_nobody_is_verified():
    assert verified_account("", "xiaoli", account_hash("", "xiaoli")) is None


def test_malformed_accounts_and_hashes_are_refused_before_any_hmac():
    assert verified_account(SECRET, "x" * 65, account_hash(SECRET, "x" * 65)) is None
    assert verified_account(SECRET, "a b", account_hash(SECRET, "a b")) is None
    assert verified_account(SECRET, "xiaoli\n", account_hash(SECRET, "xiaoli\n")) is None
    assert verified_account(SECRET, "xiaoli", "abc") is None
    assert verified_account(SECRET, ["xiaoli"], account_hash(SECRET, "xiaoli")) is None
    assert verified_account(SECRET, "xiaoli", None) is None
