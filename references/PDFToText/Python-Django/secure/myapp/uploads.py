from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

DRAIN_CHUNK = 64 * 1024


class BoundedUploadHandler(FileUploadHandler):
    """Refuses a request body larger than settings.MAX_UPLOAD_SIZE before it is parsed, and
    marks the request (`request.upload_too_large`) so the view answers 413.

    The refused body is read and dropped in small chunks: left unread, Django's development
    server reads all of the rest into memory in one piece when it closes the request."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length <= settings.MAX_UPLOAD_SIZE:
            return None
        while input_data.read(DRAIN_CHUNK):
            pass
        self.request.upload_too_large = True
        return QueryDict(encoding=encoding), MultiValueDict()

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
