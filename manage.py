#!/usr/bin/env python
"""Same as the `zhanqun` console command; kept for Django habits."""

from zhanqun.cli import main

if __name__ == "__main__":
    main()
