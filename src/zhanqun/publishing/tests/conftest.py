import pytest


@pytest.fixture
def demo(db, settings, tmp_path):
    """A small demo group and an empty document root for it."""
    from zhanqun.demo.loader import load_demo

    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "public")
    settings.ZHANQUN_PUBLISH_AUTO = True
    load_demo(scale=0.05)
    return tmp_path / "public"
