/* A small tus 1.0.0 client (creation, core PATCH, resume by HEAD), no dependencies, no network beyond this site.
 *
 * The upload URL is remembered in localStorage under the file's name, size and modification time,
 * so choosing the same file again after a dropped connection or a closed tab resumes where the
 * server stopped. Chunks are sent with PATCH; a failed chunk is retried with back-off after asking
 * the server (HEAD) how far it got.
 *
 *   const upload = new ZhifaTus.Upload(file, {endpoint, metadata, chunkSize, headers,
 *       onProgress(sent, total), onSuccess(response), onError(error)});
 *   upload.start();  upload.abort();
 */
(function (global) {
  "use strict";

  var TUS_VERSION = "1.0.0";
  var STORE_PREFIX = "zhifa-tus:";

  function b64(text) {
    // UTF-8 safe base64 for Upload-Metadata values.
    var bytes = new TextEncoder().encode(String(text));
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }

  function encodeMetadata(metadata) {
    return Object.keys(metadata)
      .filter(function (key) { return metadata[key] !== undefined && metadata[key] !== null && metadata[key] !== ""; })
      .map(function (key) { return key + " " + b64(metadata[key]); })
      .join(",");
  }

  function fingerprint(file, endpoint) {
    return STORE_PREFIX + [endpoint, file.name, file.size, file.lastModified || 0].join("|");
  }

  function UploadError(message, response) {
    this.name = "UploadError";
    this.message = message;
    this.response = response || null;
    this.status = response ? response.status : 0;
  }
  UploadError.prototype = Object.create(Error.prototype);

  function Upload(file, options) {
    this.file = file;
    this.options = Object.assign({
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: {},
      headers: {},
      onProgress: function () {},
      onSuccess: function () {},
      onError: function () {},
    }, options);
    this.url = null;
    this.offset = 0;
    this.aborted = false;
    this.xhr = null;
    this.key = fingerprint(file, this.options.endpoint + "#" + (this.options.metadata.case || ""));
  }

  Upload.prototype.request = function (method, url, headers, body, onUploadProgress) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      self.xhr = xhr;
      xhr.open(method, url, true);
      xhr.setRequestHeader("Tus-Resumable", TUS_VERSION);
      var all = Object.assign({}, self.options.headers, headers || {});
      Object.keys(all).forEach(function (name) { xhr.setRequestHeader(name, all[name]); });
      if (onUploadProgress && xhr.upload) xhr.upload.onprogress = onUploadProgress;
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new UploadError("网络连接中断")); };
      xhr.onabort = function () { reject(new UploadError("已暂停")); };
      xhr.send(body === undefined ? null : body);
    });
  };

  Upload.prototype.start = function () {
    var self = this;
    this.aborted = false;
    var remembered = null;
    try { remembered = global.localStorage.getItem(this.key); } catch (e) { remembered = null; }
    var ready = remembered ? this.resume(remembered) : this.create();
    ready.then(function () { return self.sendChunks(0); })
      .catch(function (error) { if (!self.aborted) self.options.onError(error); });
  };

  Upload.prototype.abort = function () {
    this.aborted = true;
    if (this.xhr) this.xhr.abort();
  };

  Upload.prototype.forget = function () {
    try { global.localStorage.removeItem(this.key); } catch (e) { /* private mode */ }
  };

  Upload.prototype.create = function () {
    var self = this;
    return this.request("POST", this.options.endpoint, {
      "Upload-Length": String(this.file.size),
      "Upload-Metadata": encodeMetadata(this.options.metadata),
    }).then(function (xhr) {
      if (xhr.status !== 201) throw new UploadError("创建上传失败", xhr);
      self.url = new URL(xhr.getResponseHeader("Location"), global.location.href).href;
      self.offset = 0;
      try { global.localStorage.setItem(self.key, self.url); } catch (e) { /* keep going without resume */ }
    });
  };

  Upload.prototype.resume = function (url) {
    var self = this;
    return this.request("HEAD", url).then(function (xhr) {
      if (xhr.status !== 200) {  // expired, finished elsewhere or not ours: start afresh
        self.forget();
        return self.create();
      }
      self.url = url;
      self.offset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10) || 0;
      var evidence = xhr.getResponseHeader("Zhifa-Evidence");
      if (evidence) self.finishedAlready = evidence;
    });
  };

  Upload.prototype.sendChunks = function (attempt) {
    var self = this;
    if (this.aborted) return Promise.resolve();
    this.options.onProgress(this.offset, this.file.size);
    if (this.offset >= this.file.size && this.finishedAlready) {
      this.forget();
      this.options.onSuccess({ evidenceUrl: this.finishedAlready });
      return Promise.resolve();
    }
    var end = Math.min(this.offset + this.options.chunkSize, this.file.size);
    var chunk = this.file.slice(this.offset, end);
    var start = this.offset;
    return this.request("PATCH", this.url, {
      "Upload-Offset": String(this.offset),
      "Content-Type": "application/offset+octet-stream",
    }, chunk, function (event) {
      self.options.onProgress(start + event.loaded, self.file.size);
    }).then(function (xhr) {
      if (xhr.status === 204) {
        self.offset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
        if (self.offset >= self.file.size) {
          self.forget();
          self.options.onProgress(self.offset, self.file.size);
          self.options.onSuccess({ evidenceUrl: xhr.getResponseHeader("Zhifa-Evidence"), xhr: xhr });
          return null;
        }
        return self.sendChunks(0);
      }
      if (xhr.status === 409 || xhr.status === 423 || xhr.status === 460 || xhr.status >= 500) {
        return self.retry(attempt, new UploadError("上传中断", xhr));
      }
      if (xhr.status === 404) self.forget();
      throw new UploadError("上传被拒绝", xhr);
    }, function (error) {
      if (self.aborted) throw error;
      return self.retry(attempt, error);
    });
  };

  Upload.prototype.retry = function (attempt, error) {
    var self = this;
    var delays = this.options.retryDelays;
    if (attempt >= delays.length) throw error;
    return new Promise(function (resolve) { setTimeout(resolve, delays[attempt]); })
      .then(function () { return self.request("HEAD", self.url); })
      .then(function (xhr) {
        if (xhr.status !== 200) throw new UploadError("上传已失效，请重新上传", xhr);
        self.offset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10) || 0;
        return self.sendChunks(attempt + 1);
      }, function () { return self.retry(attempt + 1, error); });
  };

  global.ZhifaTus = { Upload: Upload, UploadError: UploadError, encodeMetadata: encodeMetadata, TUS_VERSION: TUS_VERSION };
})(window);
