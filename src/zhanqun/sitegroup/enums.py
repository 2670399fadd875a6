from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    PORTAL = "portal", _("门户网站")
    DEPARTMENT = "department", _("部门网站")
    TOWNSHIP = "township", _("乡镇（街道）网站")
