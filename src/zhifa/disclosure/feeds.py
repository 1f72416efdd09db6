"""An Atom feed of published decisions (P16: feeds for apps and social media), filtered like the list."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import public
from .forms import DecisionFilterForm

FEED_SIZE = 50


class DecisionFeed(Feed):
    feed_type = Atom1Feed
    title = "行政执法决定公示"
    subtitle = "本辖区各行政执法机关依法公示的行政执法决定（已脱敏）"
    author_name = "行政执法公示平台"

    def get_object(self, request, *args, **kwargs):
        return DecisionFilterForm(request.GET or None).to_filter()

    def link(self, obj):
        return reverse("disclosure:decisions")

    def items(self, obj):
        return public.decisions(obj)[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.agency_name} {item.title} {item.number}".strip()

    def item_description(self, item):
        return f"执法对象：{item.target}；执法结论：{item.conclusion}；决定日期：{item.decided_on:%Y年%m月%d日}"

    def item_link(self, item):
        return reverse("disclosure:decision", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.withdrawn_at or item.published_at

    def item_author_name(self, item):
        return item.agency_name

    def item_categories(self, item):
        return [item.get_category_display()]
