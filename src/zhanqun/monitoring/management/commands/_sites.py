from django.core.management.base import CommandError


def sites_or_error(spec):
    from zhanqun.sitegroup.services import SiteNotFound, find_sites

    try:
        return find_sites(spec)
    except SiteNotFound as exc:
        raise CommandError(str(exc)) from None
