class Edit < ApplicationRecord
  belongs_to :entry

  # A line diff: the lines both versions share at the start and end, the rest as -/+.
  def diff
    a, b = old_content.split("\n"), new_content.split("\n")
    start = 0
    start += 1 while start < a.length && start < b.length && a[start] == b[start]
    end_a, end_b = a.length, b.length
    while end_a > start && end_b > start && a[end_a - 1] == b[end_b - 1]
      end_a -= 1
      end_b -= 1
    end
    ["--- before", "+++ after", *a[start...end_a].map { |l| "-#{l}" },
     *b[start...end_b].map { |l| "+#{l}" }].join("\n")
  end
end
