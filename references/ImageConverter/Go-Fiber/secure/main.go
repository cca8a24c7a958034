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
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

const (
	maxUpload = 50 << 20
	maxSide   = 2000 // frames beyond 2000x2000 cost more memory and time than this service allows
	maxImages = 50
)

var sizePattern = regexp.MustCompile(`^(\d{1,5})x(\d{1,5})$`)
var delayPattern = regexp.MustCompile(`^\d{1,6}$`)

func parseSize(text string) (int, int, bool) {
	m := sizePattern.FindStringSubmatch(text)
	if m == nil {
		return 0, 0, false
	}
	width, _ := strconv.Atoi(m[1])
	height, _ := strconv.Atoi(m[2])
	return width, height, width > 0 && width <= maxSide && height > 0 && height <= maxSide
}

func formValue(form *multipart.Form, name, def string) string {
	if values, ok := form.Value[name]; ok && len(values) > 0 {
		return values[0]
	}
	return def
}

func createGIF(c *fiber.Ctx) error {
	// Bodies beyond maxUpload are refused with 413 by fiber (Config.BodyLimit) before this runs.
	form, err := c.MultipartForm()
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "a multipart form is required"})
	}
	images := form.File["images"]
	width, height, sizeOK := parseSize(formValue(form, "targetSize", ""))
	delayText := formValue(form, "delay", "10")
	reverted := strings.ToLower(formValue(form, "appendReverted", "false"))
	if len(images) == 0 || len(images) > maxImages {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": fmt.Sprintf("send between 1 and %d images", maxImages)})
	}
	if !sizeOK {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": fmt.Sprintf("targetSize must be WIDTHxHEIGHT, each at most %d", maxSide)})
	}
	if !delayPattern.MatchString(delayText) || (reverted != "true" && reverted != "false") {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "delay must be a non-negative integer, appendReverted true or false"})
	}
	delay, _ := strconv.Atoi(delayText)
	work, err := os.MkdirTemp("", "gif-")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no scratch directory"})
	}
	defer os.RemoveAll(work)
	// Uploads are stored under names of our own; the client's file names are never used.
	args := []string{"-delay", fmt.Sprintf("%dx1000", delay), "-loop", "0"}
	for i, header := range images {
		path := filepath.Join(work, fmt.Sprintf("frame%d", i))
		if err := saveUpload(header, path); err != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store an upload"})
		}
		args = append(args, path)
	}
	out := filepath.Join(work, "out.gif")
	args = append(args, "-resize", fmt.Sprintf("%dx%d", width, height))
	if reverted == "true" {
		args = append(args, "(", "-clone", "0--1", "-reverse", ")")
	}
	args = append(args, out)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "convert", args...).Run(); err != nil {
		if ctx.Err() != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "the GIF took too long to make"})
		}
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "the images could not be converted"})
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "the images could not be converted"})
	}
	c.Set(fiber.HeaderContentType, "image/gif")
	return c.Send(data)
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
	app := fiber.New(fiber.Config{BodyLimit: maxUpload})
	app.Post("/create-gif", createGIF)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
