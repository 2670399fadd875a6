"""The default working days per problem type for rectifications (docs/duty.md), as rows
an operator can edit under 值班读网 → 整改期限."""

from django.db import migrations

DEFAULTS = {
    "unreachable": 1,
    "file_changed": 1,
    "file_added": 1,
    "file_missing": 1,
    "content_flagged": 1,
    "home_stale": 2,
    "column_blank": 3,
    "column_stale": 3,
    "consult_unanswered": 3,
    "case_overdue": 5,
    "broken_link": 5,
    "footer_missing": 5,
    "no_publish_date": 5,
    "reading": 5,
    "external_unreviewed": 10,
    "service_guide_incomplete": 10,
}


def add_defaults(apps, schema_editor):
    model = apps.get_model("duty", "RectificationDeadline")
    for problem, workdays in DEFAULTS.items():
        model.objects.get_or_create(problem=problem, defaults={"workdays": workdays})


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
