"""The API's pagination: DRF's page numbers, with `?page=` refused like any other page that is not a number."""

from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    def get_page_number(self, request, paginator):
        # DRF reads an empty `?page=` as page 1; the schema says `page` is an integer, so it is refused (404 "Page
        # non valide", as for `?page=x` or a page past the end).
        value = request.query_params.get(self.page_query_param)
        return 1 if value is None else value
