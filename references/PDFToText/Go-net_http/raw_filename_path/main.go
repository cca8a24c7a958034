package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

const maxUpload = 10 << 20 // uploads beyond 10 MB are refused with 413

// rawFilename is the file name exactly as the client sent it in the part's Content-Disposition.
func rawFilename(h *multipart.FileHeader) string {
	_, params, err := mime.ParseMediaType(h.Header.Get("Content-Disposition"))
	if err != nil || params["filename"] == "" {
		return h.Filename
	}
	return params["filename"]
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func tooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "The uploaded file is too large."})
}

func convert(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxUpload {
		tooLarge(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			tooLarge(w)
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Missing file."})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Missing file."})
		return
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "The file is not a PDF."})
		return
	}
	work, err := os.MkdirTemp("", "pdftotext-")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	// The upload is stored under the client's file name, unchecked, so ../ lands outside work.
	path := filepath.Join(work, rawFilename(header))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the file"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if ctx.Err() != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "The conversion took too long."})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "The file could not be converted."})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(strings.ToValidUTF8(string(out), "\uFFFD")))
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /convert", convert)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
