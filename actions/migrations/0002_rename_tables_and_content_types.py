"""The moved models' tables get this app's names, and their content types (with the permissions
and admin log entries that point at them) move from findings and reviews to actions.

AlterModelTable renames each table in place (and Lead's auto-created holders table with it), on
SQLite and PostgreSQL alike; rows, sequences and indexes go with the table.
"""

from django.db import migrations

MOVED = {
    "findings": [
        "actionplan",
        "historicalactionplan",
        "action",
        "historicalaction",
        "statusupdate",
        "calendarfeedtoken",
    ],
    "reviews": [
        "lead",
        "historicallead",
        "historicallead_holders",
        "membership",
        "historicalmembership",
    ],
}
MODELS = [
    "ActionPlan",
    "HistoricalActionPlan",
    "Action",
    "HistoricalAction",
    "StatusUpdate",
    "CalendarFeedToken",
    "Lead",
    "HistoricalLead",
    "HistoricalLead_holders",
    "Membership",
    "HistoricalMembership",
]


def move_content_types(apps, schema_editor, *, source_of=None, target=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for app_label, models in MOVED.items():
        for model in models:
            source, to = (app_label, "actions") if target is None else ("actions", app_label)
            if ContentType.objects.using(db).filter(app_label=to, model=model).exists():
                continue  # already there (made by a post_migrate): leave the stale one alone
            ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=to)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor)


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, target="back")


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=name, table=None) for name in MODELS],
        migrations.RunPython(forwards, backwards),
    ]
