"""The Wagtail document form with the upload checks (``WAGTAILDOCS_DOCUMENT_FORM_BASE``,
docs/security.md): every document an editor uploads — one at a time or several at
once — has a safe name, at most ``ZHANQUN_DOCUMENT_MAX_UPLOAD_SIZE`` bytes and content
that matches its extension (``core.uploads``). Wagtail checks the extension itself
against ``WAGTAILDOCS_EXTENSIONS`` first."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from . import uploads


def validate_upload(upload, limit):
    """Name, size and content of a newly uploaded file; the name is made safe in place.
    Raises ValidationError with the reason in Chinese."""
    try:
        upload.name = uploads.safe_filename(upload.name)
        uploads.check_size(upload.size, limit)
        uploads.check_content(upload.name, upload)
    except uploads.UploadRejected as exc:
        raise ValidationError(str(exc), code="upload_rejected") from exc
    return upload


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file, not the document's stored one
            validate_upload(upload, getattr(settings, "ZHANQUN_DOCUMENT_MAX_UPLOAD_SIZE", None))
        return upload
