from django.db import models


class Entry(models.Model):
    title = models.TextField()
    content = models.TextField()
    created_by = models.TextField()
    last_modified_by = models.TextField()
    last_modified_at = models.DateTimeField(auto_now=True)

    def as_dict(self):
        return {"id": str(self.id), "title": self.title, "content": self.content,
                "lastModifiedBy": self.last_modified_by,
                "lastModifiedAt": self.last_modified_at.isoformat()}


class Edit(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="edits")
    old_content = models.TextField()
    new_content = models.TextField()
    modified_by = models.TextField()
    summary = models.TextField()
    modified_at = models.DateTimeField(auto_now_add=True)
