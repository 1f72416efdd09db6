/* The phone upload page: the form's fields become the upload's metadata; progress, pause, resume and errors. */
(function () {
  "use strict";
  var form = document.getElementById("evidence-upload");
  if (!form) return;
  var fileInput = document.getElementById("id_file");
  var progress = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var startButton = document.getElementById("upload-start");
  var pauseButton = document.getElementById("upload-pause");
  var maxSize = parseInt(form.dataset.maxSize, 10);
  var upload = null;
  var finishUrl = null;  // set when the bytes are in but the evidence was refused: fix the fields and resubmit

  function clearErrors() {
    form.querySelectorAll(".errorlist[data-field]").forEach(function (el) { el.textContent = ""; });
  }

  function showErrors(errors, detail) {
    clearErrors();
    var shown = false;
    Object.keys(errors || {}).forEach(function (name) {
      var target = form.querySelector('.errorlist[data-field="' + name + '"]');
      var text = [].concat(errors[name]).join("；");
      if (target) { target.textContent = text; shown = true; }
    });
    if (!shown) form.querySelector('.errorlist[data-field="non_field_errors"]').textContent = detail || "上传失败";
  }

  function problemOf(xhr) {
    try { return JSON.parse(xhr.responseText); } catch (e) { return { detail: "服务器返回 " + xhr.status }; }
  }

  function metadata(file) {
    var data = { case: form.dataset.case, filename: file.name, filetype: file.type || "" };
    new FormData(form).forEach(function (value, key) {
      if (key !== "file" && key !== "csrfmiddlewaretoken" && typeof value === "string") data[key] = value;
    });
    return data;
  }

  function human(bytes) {
    return bytes >= 1073741824 ? (bytes / 1073741824).toFixed(2) + " GiB" : (bytes / 1048576).toFixed(1) + " MiB";
  }

  function setStatus(text) { status.textContent = text; }

  function done(url) {
    setStatus("上传完成，已入库。");
    if (url) window.location.href = url;
  }

  function finish() {
    var data = new FormData(form);
    data.delete("file");
    fetch(finishUrl, { method: "POST", body: data, credentials: "same-origin",
                       headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") } })
      .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
      .then(function (pair) {
        if (pair[0].ok) done(pair[1].url);
        else showErrors(pair[1].errors, pair[1].detail);
      })
      .catch(function () { showErrors({}, "网络连接中断，请稍后重试"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    if (finishUrl) { finish(); return; }
    var file = fileInput.files[0];
    if (!file) { showErrors({ file: "请选择或拍摄要上传的文件" }); return; }
    if (file.size > maxSize) { showErrors({ file: "文件大小" + human(file.size) + "超过上限" + human(maxSize) }); return; }
    form.querySelector(".upload-progress").hidden = false;
    startButton.disabled = true;
    pauseButton.hidden = false;
    var started = Date.now();
    upload = new ZhifaTus.Upload(file, {
      endpoint: form.dataset.endpoint,
      metadata: metadata(file),
      chunkSize: 8 * 1024 * 1024,
      onProgress: function (sent, total) {
        progress.value = total ? Math.floor((sent / total) * 100) : 100;
        var seconds = (Date.now() - started) / 1000;
        setStatus("已上传 " + human(sent) + " / " + human(total) + (seconds > 1 ? "，" + human(sent / seconds) + "/秒" : ""));
      },
      onSuccess: function (result) {
        pauseButton.hidden = true;
        done(result.evidenceUrl);
      },
      onError: function (error) {
        startButton.disabled = false;
        pauseButton.hidden = true;
        if (error.response) {
          var body = problemOf(error.response);
          showErrors(body.errors, body.detail);
          if (error.response.status === 400 && upload && upload.url && upload.offset >= file.size) {
            finishUrl = form.dataset.finish.replace("00000000-0000-0000-0000-000000000000", upload.url.split("/").filter(Boolean).pop());
            setStatus("文件已完整接收，但证据信息需要补正：请修改后再次点击“上传”。");
          }
        } else {
          setStatus(error.message + "：重新点击“上传”并选择同一文件，将从中断处继续。");
        }
      },
    });
    upload.start();
  });

  pauseButton.addEventListener("click", function () {
    if (upload) upload.abort();
    startButton.disabled = false;
    pauseButton.hidden = true;
    setStatus("已暂停：再次点击“上传”将从中断处继续。");
  });
})();
