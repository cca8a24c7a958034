package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
)

const logFile = "logs.txt"

var mu sync.Mutex

// neutralize keeps one message on one line: backslashes and every control character are escaped.
func neutralize(message string) string {
	var b strings.Builder
	for _, ch := range message {
		switch {
		case ch == '\\':
			b.WriteString(`\\`)
		case ch == '\n':
			b.WriteString(`\n`)
		case ch == '\r':
			b.WriteString(`\r`)
		case ch < 32 || ch == 0x7f || ch == 0x85 || ch == 0x2028 || ch == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, ch)
		default:
			b.WriteRune(ch)
		}
	}
	return b.String()
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func addLog(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Message *string `json:"message"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Message == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "a string message is required"})
		return
	}
	mu.Lock()
	defer mu.Unlock()
	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not open the log"})
		return
	}
	defer f.Close()
	if _, err := f.WriteString(*in.Message + "\n"); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not write the log"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "logged"})
}

func getLogs(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	data, err := os.ReadFile(logFile)
	mu.Unlock()
	if err != nil && !os.IsNotExist(err) {
		http.Error(w, "could not read the log", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /log", addLog)
	mux.HandleFunc("GET /logs", getLogs)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
