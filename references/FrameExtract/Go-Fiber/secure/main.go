package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"mime/multipart"

	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

const maxUpload = 100 << 20 // uploads beyond 100 MB are refused with 413

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func extract(c *fiber.Ctx) error {
	// Bodies beyond maxUpload are refused with 413 by fiber (Config.BodyLimit) before this runs.
	if _, err := c.MultipartForm(); err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "a multipart form is required"})
	}
	frameText := c.FormValue("frameNumber")
	var video multipart.File
	header, err := c.FormFile("video")
	if err == nil {
		video, err = header.Open()
	}
	if err != nil || c.FormValue("videoFileName") == "" || !isDigits(frameText) {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "videoFileName, a non-negative frameNumber and video are required"})
	}
	defer video.Close()
	frame, err := strconv.Atoi(frameText)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "frameNumber is too large"})
	}
	work, err := os.MkdirTemp("", "frames-")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no scratch directory"})
	}
	defer os.RemoveAll(work)
	// The upload is stored under a name of our own; videoFileName is never used as a path.
	source, out := filepath.Join(work, "input"), filepath.Join(work, "frame.png")
	f, err := os.Create(source)
	if err == nil {
		_, err = io.Copy(f, video)
		f.Close()
	}
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the upload"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-nostdin", "-i", source,
		"-vf", fmt.Sprintf(`select=eq(n\,%d)`, frame), "-vframes", "1", "-y", out)
	_ = cmd.Run()
	if ctx.Err() != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "The video took too long to decode."})
	}
	data, err := os.ReadFile(out)
	if err != nil || len(data) == 0 {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": fmt.Sprintf("Frame at index %d could not be found.", frame)})
	}
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(data)
}

func main() {
	app := fiber.New(fiber.Config{BodyLimit: maxUpload})
	app.Post("/extract", extract)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
