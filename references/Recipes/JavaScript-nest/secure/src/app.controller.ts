import {
  BadRequestException, Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Res,
} from '@nestjs/common';
import { Response } from 'express';
import { AppService, Summary } from './app.service';

const escapeHtml = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const link = (r: Summary) => `<li><a href="/recipes/${encodeURIComponent(r.id)}">${escapeHtml(r.title)}</a></li>`;
const page = (title: string, body: string) => '<!DOCTYPE html><html><head><meta charset="utf-8">'
  + `<title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
const filled = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

@Controller('recipes')
export class AppController {
  constructor(private readonly service: AppService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  overview() {
    return page('Recipes', `<h1>Recipes</h1><h2>Recent recipes</h2><ul>${this.service.recent().map(link).join('')}</ul>`
      + `<h2>Top-rated recipes</h2><ul>${this.service.topRated().map(link).join('')}</ul>`);
  }

  @Post('upload')
  @HttpCode(201)
  upload(@Body() body: Record<string, unknown>) {
    const { title, ingredients, instructions } = body || {};
    if (!filled(title) || typeof instructions !== 'string'
        || !Array.isArray(ingredients) || !ingredients.every((i) => typeof i === 'string')) {
      throw new BadRequestException({ error: 'title, ingredients (list of strings) and instructions are required' });
    }
    return { ...this.service.add(title, ingredients, instructions), comments: [], avgRating: null };
  }

  @Get(':id')
  show(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const recipe = this.recipe(id);
    const avg = this.service.averageRating(recipe.id);
    const rating = avg === null ? 'no ratings yet' : avg.toFixed(1);
    res.type('html');
    return page(recipe.title, `<h1>${escapeHtml(recipe.title)}</h1><h2>Ingredients</h2><ul>`
      + recipe.ingredients.map((i) => `<li>${escapeHtml(i)}</li>`).join('')
      + `</ul><h2>Instructions</h2><p>${escapeHtml(recipe.instructions)}</p>`
      + `<h2>Average rating</h2><p>${rating}</p><h2>Comments</h2><ul>`
      + `${this.service.comments(recipe.id).map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`);
  }

  @Post(':id/comments')
  @HttpCode(201)
  comment(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    const recipe = this.recipe(id);
    const { comment } = body || {};
    if (!filled(comment)) throw new BadRequestException({ error: 'comment (string) is required' });
    this.service.addComment(recipe.id, comment);
    return { message: 'Comment added' };
  }

  @Post(':id/ratings')
  @HttpCode(201)
  rate(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    const recipe = this.recipe(id);
    const { rating } = body || {};
    if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
      throw new BadRequestException({ error: 'rating must be an integer from 1 to 5' });
    }
    this.service.addRating(recipe.id, rating);
    return { message: 'Rating added' };
  }

  private recipe(id: string) {
    const recipe = this.service.find(id);
    if (!recipe) throw new NotFoundException({ error: 'Recipe not found' });
    return recipe;
  }
}
