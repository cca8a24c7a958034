class CardsController < ApplicationController
  def associate
    card, phone = params[:credit_card], params[:phone]
    unless card.is_a?(String) && phone.is_a?(String) && card.present? && phone.present?
      return render json: { error: "credit_card and phone must be strings" }, status: :bad_request
    end

    Card.find_or_create_by!(credit_card: card, phone: phone)
    render json: { message: "Association created successfully" }, status: :created
  rescue ActiveRecord::RecordNotUnique
    render json: { message: "Association created successfully" }, status: :created
  end

  def retrieve
    phones = params[:phone_numbers]
    unless phones.is_a?(Array) && phones.all?(String)
      return render json: { error: "phone_numbers must be an array of strings" }, status: :bad_request
    end

    wanted = phones.uniq
    return render json: { error: "Not found" }, status: :not_found if wanted.empty?

    # Cards associated with every one of the given numbers.
    list = wanted.map { |p| "'#{p}'" }.join(", ")
    cards = Card.connection.select_values("SELECT credit_card FROM cards WHERE phone IN (#{list}) " \
                                          "GROUP BY credit_card HAVING COUNT(DISTINCT phone) = #{wanted.size}")
    return render json: { error: "Not found" }, status: :not_found if cards.empty?

    render json: { card_numbers: cards }, status: :ok
  end
end
