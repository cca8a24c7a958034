import {
  BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Res,
} from '@nestjs/common';
import { Response } from 'express';
import { AppService, EntryRow } from './app.service';
import { diffLines } from './diff';

const escapeHtml = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const asEntry = (r: EntryRow) => ({
  id: String(r.id),
  title: r.title,
  content: r.content,
  lastModifiedBy: r.last_modified_by,
  lastModifiedAt: r.last_modified_at,
});

function requireStrings(body: unknown, names: string[]): Record<string, string> {
  if (!body || typeof body !== 'object' || !names.every((n) => typeof (body as Record<string, unknown>)[n] === 'string')) {
    throw new BadRequestException({ error: `${names.join(', ')} are required strings` });
  }
  return body as Record<string, string>;
}

function page(res: Response, status: number, title: string, body: string): string {
  res.status(status).type('html');
  return `<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

const NOT_FOUND = '<h1>Entry not found</h1>';

@Controller('entries')
export class AppController {
  constructor(private readonly service: AppService) {}

  @Get()
  list(@Res({ passthrough: true }) res: Response) {
    const items = this.service.all().map((r) => `<li><a href="/entries/${r.id}">${escapeHtml(r.title)}</a></li>`);
    return page(res, 200, 'Wiki entries', `<h1>Wiki entries</h1><ul>${items.join('')}</ul>`);
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    const { title, content, createdBy } = requireStrings(body, ['title', 'content', 'createdBy']);
    return asEntry(this.service.create(title, content, createdBy));
  }

  @Get(':id')
  show(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const row = this.service.find(id);
    if (!row) return page(res, 404, 'Not found', NOT_FOUND);
    const people = [...new Set([row.created_by, ...this.service.edits(row).map((e) => e.modified_by)])];
    return page(res, 200, row.title, `<h1>${escapeHtml(row.title)}</h1>
<div class="content">${escapeHtml(row.content)}</div>
<p>Last edited ${escapeHtml(row.last_modified_at)} by ${escapeHtml(row.last_modified_by)}</p>
<h2>Contributors</h2><ul>${people.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
<p><a href="/entries/${row.id}/edits">History</a></p>`);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() body: unknown) {
    const row = this.service.find(id);
    if (!row) throw new NotFoundException({ error: 'Entry not found' });
    const { content, modifiedBy, summary } = requireStrings(body, ['content', 'modifiedBy', 'summary']);
    return asEntry(this.service.update(row, content, modifiedBy, summary));
  }

  @Get(':id/edits')
  edits(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const row = this.service.find(id);
    if (!row) return page(res, 404, 'Not found', NOT_FOUND);
    const items = this.service.edits(row).map((e) => `<li><p><b>${escapeHtml(e.summary)}</b> by
${escapeHtml(e.modified_by)} at ${escapeHtml(e.modified_at)}</p>
<pre>${escapeHtml(diffLines(e.old_content, e.new_content))}</pre></li>`);
    return page(res, 200, `History of ${row.title}`,
      `<h1>History of ${escapeHtml(row.title)}</h1><ol>${items.join('')}</ol>`);
  }
}
