<?php

namespace Firebase\JWT;

use ArrayAccess;
use DomainException;
use InvalidArgumentException;
use stdClass;
use UnexpectedValueException;

/**
 * JSON Web Tokens (RFC 7519), written for baxbench with the public API of firebase/php-jwt 6:
 * JWT::encode($payload, $key, $alg) and JWT::decode($jwt, new Key($key, $alg)).
 * Algorithms: HS256, HS384, HS512 (HMAC) and RS256, RS384, RS512 (OpenSSL).
 * The 5.x call JWT::decode($jwt, $key, ['HS256']) is accepted as well.
 */
class JWT
{
    /** Seconds of clock skew tolerated when checking nbf, iat and exp. */
    public static $leeway = 0;

    /** The current time for claim checks; null means time(). */
    public static $timestamp = null;

    public static $supported_algs = [
        'HS256' => ['hash_hmac', 'SHA256'],
        'HS384' => ['hash_hmac', 'SHA384'],
        'HS512' => ['hash_hmac', 'SHA512'],
        'RS256' => ['openssl', 'SHA256'],
        'RS384' => ['openssl', 'SHA384'],
        'RS512' => ['openssl', 'SHA512'],
    ];

    public static function encode(array $payload, $key, string $alg, ?string $keyId = null, ?array $head = null): string
    {
        $header = ['typ' => 'JWT', 'alg' => $alg];
        if ($keyId !== null) {
            $header['kid'] = $keyId;
        }
        if ($head !== null) {
            $header = array_merge($head, $header);
        }
        $signingInput = static::urlsafeB64Encode(static::jsonEncode($header)) . '.'
            . static::urlsafeB64Encode(static::jsonEncode($payload));
        return $signingInput . '.' . static::urlsafeB64Encode(static::sign($signingInput, $key, $alg));
    }

    /**
     * Verify a token and return its claims.
     *
     * @param Key|array|ArrayAccess|string $keyOrKeyArray a Key, keys by "kid", or (5.x) a raw key
     * @param mixed $allowedAlgs only for the 5.x form: the list of accepted algorithms
     */
    public static function decode(string $jwt, $keyOrKeyArray, $allowedAlgs = null): stdClass
    {
        $now = static::$timestamp ?? time();
        if ($keyOrKeyArray === '' || $keyOrKeyArray === null || $keyOrKeyArray === []) {
            throw new InvalidArgumentException('Key may not be empty');
        }
        $parts = explode('.', $jwt);
        if (count($parts) !== 3) {
            throw new UnexpectedValueException('Wrong number of segments');
        }
        [$headB64, $bodyB64, $sigB64] = $parts;
        $header = static::jsonDecode(static::urlsafeB64Decode($headB64));
        if (!$header instanceof stdClass) {
            throw new UnexpectedValueException('Invalid header encoding');
        }
        $payload = static::jsonDecode(static::urlsafeB64Decode($bodyB64));
        if (!$payload instanceof stdClass) {
            throw new UnexpectedValueException('Payload must be a JSON object');
        }
        $signature = static::urlsafeB64Decode($sigB64);
        if (empty($header->alg) || !is_string($header->alg)) {
            throw new UnexpectedValueException('Empty algorithm');
        }
        if (!isset(static::$supported_algs[$header->alg])) {
            throw new UnexpectedValueException('Algorithm not supported');
        }

        $key = static::pickKey($keyOrKeyArray, $header, $allowedAlgs);
        if ($key->getAlgorithm() !== $header->alg) {
            throw new UnexpectedValueException('Incorrect key for this algorithm');
        }
        if (!static::verify("$headB64.$bodyB64", $signature, $key->getKeyMaterial(), $header->alg)) {
            throw new SignatureInvalidException('Signature verification failed');
        }

        if (isset($payload->nbf) && floor($payload->nbf) > $now + static::$leeway) {
            throw new BeforeValidException('Cannot handle token with nbf prior to ' . date(DATE_ATOM, (int) $payload->nbf));
        }
        if (!isset($payload->nbf) && isset($payload->iat) && floor($payload->iat) > $now + static::$leeway) {
            throw new BeforeValidException('Cannot handle token with iat prior to ' . date(DATE_ATOM, (int) $payload->iat));
        }
        if (isset($payload->exp) && $now - static::$leeway >= $payload->exp) {
            throw new ExpiredException('Expired token');
        }
        return $payload;
    }

    private static function pickKey($keyOrKeyArray, stdClass $header, $allowedAlgs): Key
    {
        if ($keyOrKeyArray instanceof Key) {
            return $keyOrKeyArray;
        }
        if (is_string($keyOrKeyArray)) {
            // the 5.x form: a raw key and the list of algorithms it may be used with
            if (!is_array($allowedAlgs) || !in_array($header->alg, $allowedAlgs, true)) {
                throw new UnexpectedValueException('Algorithm not allowed');
            }
            return new Key($keyOrKeyArray, $header->alg);
        }
        if (is_array($keyOrKeyArray) || $keyOrKeyArray instanceof ArrayAccess) {
            if (!isset($header->kid)) {
                throw new UnexpectedValueException('"kid" empty, unable to lookup correct key');
            }
            if (!isset($keyOrKeyArray[$header->kid])) {
                throw new UnexpectedValueException('"kid" invalid, unable to lookup correct key');
            }
            $key = $keyOrKeyArray[$header->kid];
            if (!$key instanceof Key) {
                throw new UnexpectedValueException('$keyOrKeyArray must be an array of Key objects');
            }
            return $key;
        }
        throw new UnexpectedValueException('$keyOrKeyArray must be a Key or an array of Key objects');
    }

    public static function sign(string $msg, $key, string $alg = 'HS256'): string
    {
        if (!isset(static::$supported_algs[$alg])) {
            throw new DomainException('Algorithm not supported');
        }
        if ($key instanceof Key) {
            $key = $key->getKeyMaterial();
        }
        [$function, $hash] = static::$supported_algs[$alg];
        if ($function === 'hash_hmac') {
            if (!is_string($key) || $key === '') {
                throw new InvalidArgumentException('HMAC key must be a non-empty string');
            }
            return hash_hmac($hash, $msg, $key, true);
        }
        $signature = '';
        if (!openssl_sign($msg, $signature, $key, $hash)) {
            throw new DomainException('OpenSSL unable to sign data');
        }
        return $signature;
    }

    private static function verify(string $msg, string $signature, $key, string $alg): bool
    {
        [$function, $hash] = static::$supported_algs[$alg];
        if ($function === 'hash_hmac') {
            if (!is_string($key)) {
                throw new InvalidArgumentException('HMAC key must be a string');
            }
            return hash_equals(hash_hmac($hash, $msg, $key, true), $signature);
        }
        $ok = openssl_verify($msg, $signature, $key, $hash);
        if ($ok === -1 || $ok === false) {
            throw new DomainException('OpenSSL error: ' . openssl_error_string());
        }
        return $ok === 1;
    }

    public static function jsonEncode($input): string
    {
        $json = json_encode($input, JSON_UNESCAPED_SLASHES);
        if ($json === false || $json === 'null' && $input !== null) {
            throw new DomainException('Could not JSON-encode the data');
        }
        return $json;
    }

    public static function jsonDecode(string $input)
    {
        $obj = json_decode($input, false, 512, JSON_BIGINT_AS_STRING);
        if (json_last_error() !== JSON_ERROR_NONE) {
            throw new DomainException('Malformed JSON: ' . json_last_error_msg());
        }
        if ($obj === null && $input !== 'null') {
            throw new DomainException('Null result with non-null input');
        }
        return $obj;
    }

    public static function urlsafeB64Encode(string $input): string
    {
        return str_replace('=', '', strtr(base64_encode($input), '+/', '-_'));
    }

    public static function urlsafeB64Decode(string $input): string
    {
        $remainder = strlen($input) % 4;
        if ($remainder) {
            $input .= str_repeat('=', 4 - $remainder);
        }
        $decoded = base64_decode(strtr($input, '-_', '+/'), true);
        if ($decoded === false) {
            throw new UnexpectedValueException('Invalid base64 encoding');
        }
        return $decoded;
    }
}
