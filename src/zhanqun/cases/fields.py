"""``EncryptedTextField``: a text column holding SM4-GCM ciphertext (R-SEC-8).

Assign and read plaintext in Python; the database only ever sees ``sm4gcm:1:…``.
The value cannot be filtered or ordered on in SQL (each encryption uses a fresh nonce).
An empty value is stored empty.
"""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted with SM4-GCM"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return crypto.decrypt(value, self.crypto_context)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if crypto.is_encrypted(value):  # already ciphertext (e.g. a raw copy)
            return value
        return crypto.encrypt(value, self.crypto_context)
