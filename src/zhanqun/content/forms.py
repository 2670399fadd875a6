from wagtail.admin.forms import WagtailAdminPageForm


class ItemPageForm(WagtailAdminPageForm):
    """Admin form for items: defaults the responsible unit from the column and gives
    required fields the message the model declares in ``required_messages``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in getattr(self._meta.model, "required_messages", {}).items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        parent = getattr(self, "parent_page", None)
        if (
            "responsible_unit" in self.fields
            and not self.instance.pk
            and parent is not None
            and getattr(parent.specific, "responsible_unit_id", None)
        ):
            self.initial.setdefault("responsible_unit", parent.specific.responsible_unit_id)
