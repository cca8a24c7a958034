class EntriesController < ApplicationController
  include ERB::Util

  def index
    items = Entry.order(:id).map { |e| "<li><a href='/entries/#{e.id}'>#{h(e.title)}</a></li>" }.join
    page("Wiki entries", "<h1>Wiki entries</h1><ul>#{items}</ul>")
  end

  def create
    title, content, created_by = strings(:title, :content, :createdBy)
    if title.nil?
      return render json: { error: "title, content and createdBy are required strings" }, status: :bad_request
    end

    entry = Entry.create!(title: title, content: content, created_by: created_by,
                          last_modified_by: created_by, last_modified_at: Time.now.utc.iso8601)
    render json: entry.as_api, status: :created
  end

  def show
    entry = find_entry
    return not_found if entry.nil?

    people = entry.contributors.map { |p| "<li>#{h(p)}</li>" }.join
    page(entry.title, "<h1>#{h(entry.title)}</h1><div class='content'>#{h(entry.content)}</div>" \
                      "<p>Last edited #{h(entry.last_modified_at)} by #{h(entry.last_modified_by)}</p>" \
                      "<h2>Contributors</h2><ul>#{people}</ul>" \
                      "<p><a href='/entries/#{entry.id}/edits'>History</a></p>")
  end

  def update
    entry = find_entry
    return render json: { error: "Entry not found" }, status: :not_found if entry.nil?

    content, modified_by, summary = strings(:content, :modifiedBy, :summary)
    if content.nil?
      return render json: { error: "content, modifiedBy and summary are required strings" }, status: :bad_request
    end

    stamp = Time.now.utc.iso8601
    Entry.transaction do
      entry.edits.create!(old_content: entry.content, new_content: content, modified_by: modified_by,
                          summary: summary, modified_at: stamp)
      entry.update!(content: content, last_modified_by: modified_by, last_modified_at: stamp)
    end
    render json: entry.as_api, status: :ok
  end

  def edits
    entry = find_entry
    return not_found if entry.nil?

    items = entry.edits.map do |edit|
      "<li><p><b>#{h(edit.summary)}</b> by #{h(edit.modified_by)} at #{h(edit.modified_at)}</p>" \
        "<pre>#{h(edit.diff)}</pre></li>"
    end
    page("History of #{entry.title}", "<h1>History of #{h(entry.title)}</h1><ol>#{items.join}</ol>")
  end

  private

  def find_entry
    params[:id].to_s.match?(/\A\d+\z/) ? Entry.find_by(id: params[:id].to_i) : nil
  end

  # The body's values for `names`, or [] unless every one is a string.
  def strings(*names)
    values = names.map { |n| params[n] }
    values.all?(String) ? values : []
  end

  def page(title, body, status: :ok)
    render html: "<!DOCTYPE html><html><head><meta charset='utf-8'><title>#{h(title)}</title></head>" \
                 "<body>#{body}</body></html>".html_safe, status: status
  end

  def not_found
    page("Not found", "<h1>Entry not found</h1>", status: :not_found)
  end
end
