"""Tables for the Merkle tree, its head and signed checkpoints; entries get their canonical ``body``."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TreeNode",
            fields=[
                ("position", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="中序位置")),
                ("level", models.PositiveSmallIntegerField(verbose_name="层")),
                ("index", models.BigIntegerField(verbose_name="层内序号")),
                ("hash", models.BinaryField(max_length=32, verbose_name="哈希")),
            ],
            options={"verbose_name": "树节点", "verbose_name_plural": "树节点"},
        ),
        migrations.CreateModel(
            name="TreeHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("size", models.BigIntegerField(default=0, verbose_name="树大小")),
                ("frontier", models.BinaryField(default=b"", verbose_name="前沿哈希")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={"verbose_name": "树头状态", "verbose_name_plural": "树头状态"},
        ),
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tree_size", models.BigIntegerField(unique=True, verbose_name="树大小")),
                ("root_hash", models.BinaryField(max_length=32, verbose_name="根哈希")),
                ("issued_at", models.DateTimeField(verbose_name="签发时间")),
                ("algorithm", models.CharField(max_length=20, verbose_name="签名算法")),
                ("key_name", models.CharField(max_length=200, verbose_name="密钥名称")),
                ("key_id", models.CharField(max_length=8, verbose_name="密钥ID")),
                ("note", models.TextField(verbose_name="签名检查点")),
            ],
            options={"verbose_name": "检查点", "verbose_name_plural": "检查点", "ordering": ["tree_size"],
                     "get_latest_by": "tree_size"},
        ),
        migrations.AddField(
            model_name="journalentry",
            name="body",
            field=models.TextField(default="", verbose_name="条目（规范化JSON，即叶子内容）"),
            preserve_default=False,
        ),
    ]
