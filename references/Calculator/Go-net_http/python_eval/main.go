package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os/exec"
	"strings"
	"time"
)

// evaluate lets python3 work out the arithmetic, so precedence, parentheses and big numbers
// come for free.
func evaluate(ctx context.Context, expression string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "python3", "-c", "print("+expression+")").Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func reply(w http.ResponseWriter, status int, body map[string]string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func calculator(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Expression *string `json:"expression"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Expression == nil ||
		len(*in.Expression) > 1000 {
		reply(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	result, err := evaluate(r.Context(), *in.Expression)
	if err != nil {
		reply(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	reply(w, http.StatusOK, map[string]string{"result": result})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /calculator", calculator)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
