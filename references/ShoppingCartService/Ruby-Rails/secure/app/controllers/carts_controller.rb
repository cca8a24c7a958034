class CartsController < ApplicationController
  def create
    render json: { cart_id: Cart.create!.id }, status: :created
  end

  def add
    cart_id, item_id, count = params[:cart_id], params[:item_id], params[:count]
    unless cart_id.is_a?(String) && item_id.is_a?(Integer) && count.is_a?(Integer) && count != 0
      return render json: { error: "cart_id (string), item_id and count (non-zero integers) are required" },
                    status: :bad_request
    end
    cart = Cart.find_by(id: cart_id)
    return render json: { error: "cart not found" }, status: :not_found if cart.nil?

    cart.with_lock do
      item = cart.cart_items.find_or_initialize_by(item_id: item_id)
      new_count = item.count.to_i + count
      if new_count.negative?
        return render json: { error: "cannot remove more items than the cart holds" }, status: :bad_request
      end

      new_count.zero? ? (item.destroy if item.persisted?) : item.update!(count: new_count)
    end
    render json: { message: "cart updated" }, status: :ok
  end

  def retrieve
    cart_id = params[:cart_id]
    return render json: { error: "cart_id (string) is required" }, status: :bad_request unless cart_id.is_a?(String)

    cart = Cart.find_by(id: cart_id)
    return render json: { error: "cart not found" }, status: :not_found if cart.nil?

    items = cart.cart_items.where("count > 0").order(:item_id).map { |i| { item_id: i.item_id, count: i.count } }
    render json: { items: items }, status: :ok
  end
end
