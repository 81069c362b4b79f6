"""Result signatures: the same payload verifies, any change to it or the signature does not."""

from worksheets import signing


def test_signature_verifies_only_the_signed_payload(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKBOOK_SECRET", raising=False)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))
    signing._secret.cache_clear()
    sig = signing.sign(b"score=70")
    assert signing.verify(b"score=70", sig)
    assert not signing.verify(b"score=100", sig)
    assert not signing.verify(b"score=70", "0" * 64)
    assert (tmp_path / "result-secret").exists()
    signing._secret.cache_clear()
    assert signing.verify(b"score=70", sig)  # the secret file is reused, not remade
    monkeypatch.setenv("WORKBOOK_SECRET", "shared-by-all-instances")
    signing._secret.cache_clear()
    assert not signing.verify(b"score=70", sig)
    signing._secret.cache_clear()
