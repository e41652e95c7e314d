"""Pagination of long lists: the API's page numbers, and the pages' paginator told a count the page already has."""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    def get_page_number(self, request, paginator):
        # DRF reads an empty `?page=` as page 1; the schema says `page` is an integer, so it is refused (404 "Page
        # non valide", as for `?page=x` or a page past the end).
        value = request.query_params.get(self.page_query_param)
        return 1 if value is None else value


class CountedPaginator(Paginator):
    """Django's Paginator without its COUNT query: the count comes from one the page makes anyway (facets, totals)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # Paginator.count is a cached_property: this is its value
