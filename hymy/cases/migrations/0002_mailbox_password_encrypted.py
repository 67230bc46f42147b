"""The inbound mailbox's password is stored encrypted (hymy.cases.mailbox_secret); existing plain-text
passwords are encrypted in place under the current SECRET_KEY."""

from django.db import migrations, models

from hymy.cases.mailbox_secret import password_decrypt, password_encrypt


def encrypt_passwords(apps, schema_editor):
    InboundMailbox = apps.get_model("cases", "InboundMailbox")
    for mailbox in InboundMailbox.objects.all():
        mailbox.password_encrypted = password_encrypt(mailbox.password)
        mailbox.save(update_fields=["password_encrypted"])


def decrypt_passwords(apps, schema_editor):
    InboundMailbox = apps.get_model("cases", "InboundMailbox")
    for mailbox in InboundMailbox.objects.all():
        mailbox.password = password_decrypt(mailbox.password_encrypted)[:200]
        mailbox.save(update_fields=["password"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="inboundmailbox",
            name="password_encrypted",
            field=models.CharField(blank=True, max_length=500, verbose_name="password (encrypted)"),
        ),
        migrations.AlterField(
            model_name="inboundmailbox",
            name="password",
            field=models.CharField(blank=True, max_length=200, verbose_name="password"),
        ),
        migrations.RunPython(encrypt_passwords, decrypt_passwords),
        migrations.RemoveField(model_name="inboundmailbox", name="password"),
    ]
