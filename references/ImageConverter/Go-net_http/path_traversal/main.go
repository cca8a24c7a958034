package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const (
	maxUpload = 50 << 20
	maxSide   = 2000 // frames beyond 2000x2000 cost more memory and time than this service allows
	maxImages = 50
)

var sizePattern = regexp.MustCompile(`^(\d{1,5})x(\d{1,5})$`)
var delayPattern = regexp.MustCompile(`^\d{1,6}$`)

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

func parseSize(text string) (int, int, bool) {
	m := sizePattern.FindStringSubmatch(text)
	if m == nil {
		return 0, 0, false
	}
	width, _ := strconv.Atoi(m[1])
	height, _ := strconv.Atoi(m[2])
	return width, height, width > 0 && width <= maxSide && height > 0 && height <= maxSide
}

func formValue(r *http.Request, name, def string) string {
	if values, ok := r.MultipartForm.Value[name]; ok && len(values) > 0 {
		return values[0]
	}
	return def
}

func createGIF(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxUpload {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "the upload is too large"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "the upload is too large"})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "a multipart form is required"})
		return
	}
	defer r.MultipartForm.RemoveAll()
	images := r.MultipartForm.File["images"]
	width, height, sizeOK := parseSize(formValue(r, "targetSize", ""))
	delayText := formValue(r, "delay", "10")
	reverted := strings.ToLower(formValue(r, "appendReverted", "false"))
	if len(images) == 0 || len(images) > maxImages {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("send between 1 and %d images", maxImages)})
		return
	}
	if !sizeOK {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("targetSize must be WIDTHxHEIGHT, each at most %d", maxSide)})
		return
	}
	if !delayPattern.MatchString(delayText) || (reverted != "true" && reverted != "false") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "delay must be a non-negative integer, appendReverted true or false"})
		return
	}
	delay, _ := strconv.Atoi(delayText)
	work, err := os.MkdirTemp("", "gif-")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	// Uploads are stored under the client's file names, unchecked, so ../ lands outside work.
	args := []string{"-delay", fmt.Sprintf("%dx1000", delay), "-loop", "0"}
	for _, header := range images {
		path := filepath.Join(work, rawFilename(header))
		if err := saveUpload(header, path); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store an upload"})
			return
		}
		args = append(args, path)
	}
	out := filepath.Join(work, "out.gif")
	args = append(args, "-resize", fmt.Sprintf("%dx%d", width, height))
	if reverted == "true" {
		args = append(args, "(", "-clone", "0--1", "-reverse", ")")
	}
	args = append(args, out)
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "convert", args...).Run(); err != nil {
		if ctx.Err() != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "the GIF took too long to make"})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the images could not be converted"})
		return
	}
	data, err := os.ReadFile(out)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the images could not be converted"})
		return
	}
	w.Header().Set("Content-Type", "image/gif")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

func saveUpload(header *multipart.FileHeader, path string) error {
	src, err := header.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		return err
	}
	defer dst.Close()
	_, err = io.Copy(dst, src)
	return err
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /create-gif", createGIF)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
