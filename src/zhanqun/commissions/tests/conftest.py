from zhanqun.content.tests.conftest import auditor, fgw_editor, operator  # noqa: F401 - shared fixtures
