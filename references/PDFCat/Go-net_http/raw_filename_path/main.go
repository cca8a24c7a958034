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
	"time"
)

const (
	maxUpload = 50 << 20
	invalid   = "Invalid input or missing files."
	failed    = "An error occurred while processing the files."
)

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

// savePDF stores one upload at path and says whether it starts like a PDF.
func savePDF(header *multipart.FileHeader, path string) (bool, error) {
	src, err := header.Open()
	if err != nil {
		return false, err
	}
	defer src.Close()
	data, err := io.ReadAll(src)
	if err != nil {
		return false, err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return false, err
	}
	return bytes.HasPrefix(data, []byte("%PDF-")), nil
}

func concatenate(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxUpload {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": invalid})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": invalid})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": invalid})
		return
	}
	defer r.MultipartForm.RemoveAll()
	uploads := r.MultipartForm.File["files"]
	if len(uploads) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": invalid})
		return
	}
	work, err := os.MkdirTemp("", "pdfcat-")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": failed})
		return
	}
	defer os.RemoveAll(work)
	// Inputs are stored under the client's file names, unchecked, so ../ lands outside work.
	var args []string
	for _, header := range uploads {
		path := filepath.Join(work, rawFilename(header))
		isPDF, err := savePDF(header, path)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": failed})
			return
		}
		if !isPDF {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": invalid})
			return
		}
		args = append(args, path)
	}
	output := filepath.Join(work, "concatenated.pdf")
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "pdfunite", append(args, output)...).Run(); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": failed})
		return
	}
	data, err := os.ReadFile(output)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": failed})
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /concatenate", concatenate)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
