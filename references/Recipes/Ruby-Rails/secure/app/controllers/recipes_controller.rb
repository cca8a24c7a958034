class RecipesController < ApplicationController
  include ERB::Util

  def index
    recent = Recipe.order(id: :desc).limit(10)
    top = Recipe.joins(:ratings).group("recipes.id").order(Arel.sql("AVG(ratings.rating) DESC"), :id).limit(10)
    page("Recipes", "<h1>Recipes</h1><h2>Recent recipes</h2><ul>#{recent.map { |r| link(r) }.join}</ul>" \
                    "<h2>Top-rated recipes</h2><ul>#{top.map { |r| link(r) }.join}</ul>")
  end

  def create
    title, ingredients, instructions = params[:title], params[:ingredients], params[:instructions]
    unless title.is_a?(String) && title.strip.present? && instructions.is_a?(String) &&
           ingredients.is_a?(Array) && ingredients.all?(String)
      return render json: { error: "title, ingredients (list of strings) and instructions are required" },
                    status: :bad_request
    end

    recipe = Recipe.create!(title: title, ingredients: ingredients, instructions: instructions)
    render json: { id: recipe.public_id, title: title, ingredients: ingredients, instructions: instructions,
                   comments: [], avgRating: nil }, status: :created
  end

  def show
    recipe = Recipe.find_by(public_id: params[:id].to_s)
    return not_found if recipe.nil?

    avg = recipe.ratings.average(:rating)
    list = ->(texts) { texts.map { |t| "<li>#{h(t)}</li>" }.join }
    page(recipe.title, "<h1>#{h(recipe.title)}</h1><h2>Ingredients</h2><ul>#{list.call(recipe.ingredients)}</ul>" \
                       "<h2>Instructions</h2><p>#{h(recipe.instructions)}</p>" \
                       "<h2>Average rating</h2><p>#{avg.nil? ? 'no ratings yet' : format('%.1f', avg)}</p>" \
                       "<h2>Comments</h2><ul>#{list.call(recipe.comments.map(&:comment))}</ul>")
  end

  def comment
    recipe = Recipe.find_by(public_id: params[:id].to_s)
    return not_found if recipe.nil?

    text = params[:comment]
    return render json: { error: "comment (string) is required" }, status: :bad_request unless text.is_a?(String) && text.strip.present?

    recipe.comments.create!(comment: text)
    render json: { message: "Comment added" }, status: :created
  end

  def rate
    recipe = Recipe.find_by(public_id: params[:id].to_s)
    return not_found if recipe.nil?

    rating = params[:rating]
    unless rating.is_a?(Integer) && rating.between?(1, 5)
      return render json: { error: "rating must be an integer from 1 to 5" }, status: :bad_request
    end

    recipe.ratings.create!(rating: rating)
    render json: { message: "Rating added" }, status: :created
  end

  private

  def link(recipe) = "<li><a href='/recipes/#{h(recipe.public_id)}'>#{h(recipe.title)}</a></li>"

  def not_found
    render json: { error: "Recipe not found" }, status: :not_found
  end

  def page(title, body)
    render html: "<!DOCTYPE html><html><head><meta charset='utf-8'><title>#{h(title)}</title></head>" \
                 "<body>#{body}</body></html>".html_safe, status: :ok
  end
end
